// The previous app's database (Drizzle ORM + NextAuth adapter, Discord sign-in) in its two shapes, as
// ../shared/legacy/README.md describes them: which shape a database is, and the tables as the import
// reads them. Anything else is refused with one line saying what was found.
import { Refusal, type Endpoint } from "../transfer/endpoint";
import { MIGRATIONS_TABLE, type Column, type Table } from "../transfer/tables";
import { parseDateTime, type Value } from "../transfer/values";

export type ShapeName = "drizzle-sqlite" | "drizzle-postgresql";

export interface LegacyShape {
  name: ShapeName;
  description: string;
  /** users as read: id, display_name, avatar_url, role, email, created_at, updated_at (instants as epoch ms) */
  users: Table;
  /** accounts as read: id, user_id, type, provider, provider_account_id (tokens are never read) */
  accounts: Table;
  /** sessions.expires only: counted (live / expired), never imported */
  sessionExpiry: Table;
  tokens: Table;
  /** A timestamp as read (text) → epoch milliseconds, or undefined when it is no date this shape writes. */
  instant(v: Value): number | undefined;
}

/** Every column of the four tables, as both shapes have them. */
const EXPECTED: Record<string, readonly string[]> = {
  users: ["id", "display_name", "avatar_url", "role", "email", "created_at", "updated_at"],
  accounts: [
    "id", "user_id", "type", "provider", "provider_account_id", "refresh_token", "access_token",
    "expires_at", "token_type", "scope", "id_token", "session_state",
  ],
  sessions: ["id", "user_id", "session_token", "expires"],
  verification_tokens: ["identifier", "token", "expires"],
};

const TIMESTAMP_COLUMNS = ["users.created_at", "users.updated_at", "sessions.expires", "verification_tokens.expires"];

/** The declared type of the timestamp columns in each shape. */
const TIMESTAMP_TYPE: Record<ShapeName, string> = {
  "drizzle-sqlite": "integer", // epoch seconds, Drizzle's integer({ mode: "timestamp" })
  "drizzle-postgresql": "timestamp without time zone", // UTC wall-clock time
};

/** Drizzle's migrator bookkeeping (SQLite keeps it beside the tables; PostgreSQL in the "drizzle" schema). */
const DRIZZLE_MIGRATIONS = "__drizzle_migrations";

// Read as text, every column nullable: the mapping checks each rule and names every row that breaks it
// (a reader's conversion error would stop at the first one).
const loose = (name: string): Column => ({ name, kind: "text", nullable: true });

const TABLES: Omit<LegacyShape, "name" | "description" | "instant"> = {
  users: {
    name: "users",
    key: ["id"],
    columns: ["id", "display_name", "avatar_url", "role", "email", "created_at", "updated_at"].map(loose),
  },
  accounts: { name: "accounts", key: ["id"], columns: ["id", "user_id", "type", "provider", "provider_account_id"].map(loose) },
  sessionExpiry: { name: "sessions", key: ["id"], columns: ["id", "expires"].map(loose) },
  tokens: { name: "verification_tokens", key: ["identifier", "token"], columns: ["expires"].map(loose) },
};

const INSTANT: Record<ShapeName, (v: Value) => number | undefined> = {
  // whole epoch seconds (Drizzle's integer({ mode: "timestamp" }) writes Math.floor(ms / 1000))
  "drizzle-sqlite": (v) => {
    const ms = typeof v === "string" && /^-?\d{1,15}$/.test(v) ? Number(v) * 1000 : NaN;
    return Number.isSafeInteger(ms) ? ms : undefined;
  },
  // PostgreSQL's ISO text of a timestamp without time zone ("2024-01-01 09:00:00.123456"), UTC wall-clock
  // time; parseDateTime reads zone-less text as UTC and keeps the first three decimals (never rounds up
  // into the next second). 'infinity', BC dates and years past 9999 are no such text.
  "drizzle-postgresql": (v) => (typeof v === "string" ? parseDateTime(v) : undefined),
};

const list = (names: Iterable<string>) => [...names].join(", ") || "none";

/** Which shape the database behind ep has, or a Refusal saying what it is instead. */
export async function detectShape(ep: Endpoint): Promise<LegacyShape> {
  const where = `--from ${ep.label}`;
  const live = await ep.columns();
  if ((await ep.migrations()) !== null || live.has(MIGRATIONS_TABLE)) {
    throw new Refusal(`${where} is a database of this project (it has ${MIGRATIONS_TABLE}), not the previous app's: use npm run db:transfer`);
  }
  const tables = [...live.keys()].filter((t) => t !== DRIZZLE_MIGRATIONS);
  if (!tables.length) throw new Refusal(`${where} has no tables: not a previous-app database`);
  const absent = Object.keys(EXPECTED).filter((t) => !live.has(t));
  if (absent.length) {
    throw new Refusal(`${where} is not a previous-app database: it has tables ${list(tables)}; expected ${list(Object.keys(EXPECTED))}`);
  }
  const unknown = tables.filter((t) => !(t in EXPECTED));
  if (unknown.length) {
    throw new Refusal(`${where} has tables the import does not know (${list(unknown)}); their data would not come across — nothing was imported`);
  }
  for (const [table, want] of Object.entries(EXPECTED)) {
    const have = live.get(table)!;
    const extra = have.filter((c) => !want.includes(c));
    const missing = want.filter((c) => !have.includes(c));
    if (extra.length || missing.length) {
      throw new Refusal(
        `${where}: table "${table}" ${extra.length ? `has columns the import does not know (${list(extra)})` : `lacks columns (${list(missing)})`}; not a previous-app database this tool can read`,
      );
    }
  }
  const name: ShapeName = ep.provider === "sqlite" ? "drizzle-sqlite" : "drizzle-postgresql";
  for (const tc of TIMESTAMP_COLUMNS) {
    const [table, column] = tc.split(".");
    const type = (await ep.columnTypes(table)).get(column) ?? "";
    if (type !== TIMESTAMP_TYPE[name]) {
      throw new Refusal(`${where}: ${tc} is ${JSON.stringify(type)}, but the previous app's ${ep.provider === "sqlite" ? "SQLite" : "PostgreSQL"} database has ${TIMESTAMP_TYPE[name]} there; not a shape this tool can read`);
    }
  }
  const description = name === "drizzle-sqlite" ? "previous app, SQLite (epoch seconds)" : "previous app, PostgreSQL (timestamp without time zone, UTC)";
  return { name, description, ...TABLES, instant: INSTANT[name] };
}
