// Test and benchmark data written straight into a migrated SQLite file, in the forms Prisma (and people)
// leave there: ISO text "…+00:00", the "Z" form, CURRENT_TIMESTAMP's "YYYY-MM-DD HH:MM:SS", epoch ms.
import Database from "better-sqlite3";
import { formatSqliteDateTime } from "./values";

/** Row counts per table; accounts and sessions are spread over the users round-robin. */
export interface FixtureSize {
  users: number;
  accounts: number;
  sessions: number;
  tokens: number;
}

const ms = (iso: string) => Date.parse(iso);

/** Instants that break naive conversions: epoch edges, DST switches (US, EU; Japan has none), 2038, far future. */
export const AWKWARD_INSTANTS: readonly number[] = [
  0,
  -1, // 1969-12-31T23:59:59.999Z
  ms("1970-01-01T00:00:00.001Z"),
  ms("2024-03-10T06:59:59.999Z"), // US DST starts at 07:00Z (02:00 EST → 03:00 EDT)
  ms("2024-03-10T07:00:00.000Z"),
  ms("2024-03-31T00:59:59.999Z"), // EU DST starts at 01:00Z
  ms("2024-03-31T01:00:00.000Z"),
  ms("2024-11-03T05:30:00.500Z"), // US DST ends at 06:00Z: 01:30 local happens twice
  ms("2024-11-03T06:30:00.500Z"),
  ms("2024-10-27T00:59:59.999Z"), // EU DST ends at 01:00Z
  ms("2038-01-19T03:14:07.999Z"), // last second of 32-bit time_t
  ms("2038-01-19T03:14:08.000Z"),
  ms("2106-02-07T06:28:16.000Z"), // past unsigned 32-bit
  ms("9999-12-31T23:59:59.999Z"),
  ms("2000-02-29T12:00:00.123Z"),
];

const AWKWARD_TEXT: readonly string[] = [
  "すずみな",
  "涼宮 ハルヒ（テスト）",
  "🎧🔥👨‍👩‍👧‍👦 emoji ✨",
  "",
  "tab\there",
  "line\nbreak\r\nand CR",
  "back\\slash \\N \\t literal",
  '"quoted" \'single\' ,comma;semi',
  "NULL",
  "\\N",
  "𠮷野家 (a surrogate pair)",
  "e\u0301 combining",
  "x".repeat(20_000), // long text
  "長い日本語".repeat(2_000),
];

/** The SQLite text/number forms a datetime may have in a real file, chosen per row. */
function sqliteDateForm(t: number, i: number): string | number {
  switch (i % 4) {
    case 0:
    case 1:
      return formatSqliteDateTime(t); // what Prisma writes
    case 2:
      return new Date(t).toISOString(); // Z form
    default:
      // CURRENT_TIMESTAMP form (seconds only, UTC, no zone) for whole-second instants, else epoch ms
      return t % 1000 === 0 && t >= 0 && t < ms("9999-01-01T00:00:00Z") ? new Date(t).toISOString().slice(0, 19).replace("T", " ") : t;
  }
}

const MAX_INSTANT = ms("9999-12-31T23:59:59.999Z");

const id = (prefix: string, i: number) => `c${prefix}${i.toString(36).padStart(22, "0")}`;

/**
 * Fills the four tables of a migrated SQLite file. awkward=true mixes in the values above (NULLs, long
 * and odd text, edge instants, odd datetime forms); otherwise rows look like ordinary production rows.
 * Returns the number of rows written.
 */
export function fillSqlite(file: string, size: FixtureSize, awkward = true): number {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const base = ms("2024-06-01T00:00:00.000Z");
  const when = (i: number) => (awkward && i % 7 === 0 ? AWKWARD_INSTANTS[i % AWKWARD_INSTANTS.length] : base + i * 1_237);
  const text = (i: number, normal: string) => (awkward && i % 5 === 0 ? AWKWARD_TEXT[i % AWKWARD_TEXT.length] : normal);
  const date = (t: number, i: number) => (awkward ? sqliteDateForm(t, i) : formatSqliteDateTime(t));

  const user = db.prepare(
    "insert into users (id, display_name, avatar_url, google_avatar_url, role, email, created_at, updated_at, search_text, blocked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const account = db.prepare(
    `insert into accounts (id, user_id, type, provider, provider_account_id, refresh_token, access_token, expires_at,
       token_type, scope, id_token, session_state) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const session = db.prepare("insert into sessions (id, user_id, session_token, expires, created_at) values (?, ?, ?, ?, ?)");
  const token = db.prepare("insert into verification_tokens (identifier, token, expires) values (?, ?, ?)");
  const ints = [null, 0, -1, 2_147_483_647, -2_147_483_648, 1_735_689_600];
  let rows = 0;

  const fill = db.transaction(() => {
    for (let i = 0; i < size.users; i++) {
      user.run(
        id("u", i),
        text(i, `ユーザー${i}`),
        text(i + 1, `/avatars/${i}.svg`),
        i % 6 === 0 ? null : text(i + 2, `https://lh3.googleusercontent.com/a/${i}=s96-c`),
        i % 50 === 0 ? "admin" : "member",
        awkward && i % 3 === 0 ? null : `user${i}@example.com`,
        date(when(i), i),
        date(Math.min(when(i) + 1, MAX_INSTANT), i + 1),
        awkward && i % 4 === 0 ? null : text(i, `ユーザー${i}\nuser${i}@example.com`),
        awkward && i % 11 === 0 ? date(when(i + 2), i) : null,
      );
      rows++;
    }
    for (let k = 0; k < size.accounts; k++) {
      const optional = (v: string) => (awkward && k % 2 === 0 ? null : text(k, v));
      account.run(
        id("a", k), id("u", k % size.users), "oauth", k < size.users ? "google" : `provider${Math.floor(k / size.users)}`, `sub-${k}`,
        optional(`refresh-${k}`), optional(`access-${k}`), awkward ? ints[k % ints.length] : 1_735_689_600 + k,
        optional("Bearer"), optional("openid email profile"), optional(`eyJ.${k}.sig`), optional(`state-${k}`),
      );
      rows++;
    }
    for (let k = 0; k < size.sessions; k++) {
      session.run(id("s", k), id("u", k % size.users), k.toString(16).padStart(64, "0"), date(when(k + 3), k), date(when(k + 1), k + 1));
      rows++;
    }
    for (let i = 0; i < size.tokens; i++) {
      token.run(awkward ? text(i, `invite${i}@example.com`) + `#${i}` : `invite${i}@example.com`, i.toString(16).padStart(64, "f"), date(when(i + 5), i));
      rows++;
    }
  });
  try {
    fill();
  } catch (e) {
    // a NOT NULL column added to the schema: the fixture must give it a value
    const m = /NOT NULL constraint failed: (\w+\.\w+)/.exec((e as Error).message);
    if (m) throw new Error(`${m[1]} is NOT NULL and scripts/transfer/fixture.ts does not fill it: add it there`);
    throw e;
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return rows;
}
