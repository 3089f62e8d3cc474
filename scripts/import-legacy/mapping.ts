// The mapping rules from the previous app's rows to this app's (docs/migrating-to-postgresql.md, "From the
// previous app"), as pure functions over canonical rows. Decisions that depend on other rows (who keeps a
// shared e-mail, which duplicate account stays, which accounts are orphans) are made in a first pass
// over the source, so nothing is written before every row has been checked.
import { normalizeEmail } from "~/models/email";
import { searchTextOf } from "~/models/search";
import { generatedAvatarUrl } from "~/avatar.server";
import type { Table } from "../transfer/tables";
import type { Row, Value } from "../transfer/values";

export const LEGACY_ROLES = ["member", "admin"] as const;

/** The instants this app's schema holds on both engines (SQLite's ISO text has four-digit years). */
// (setUTCFullYear, because Date.UTC reads years 0–99 as 1900–1999)
const EARLIEST = new Date(0).setUTCFullYear(1, 0, 1); // 0001-01-01T00:00:00.000Z
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** One broken rule: refusals name the table, the column and every row id that breaks it. */
export interface Problem {
  table: string;
  column: string;
  problem: string;
  ids: string[];
}

/** Collects rule violations per (table, column, problem); a few ids per rule are enough to find the rest. */
export class Problems {
  private byRule = new Map<string, Problem & { count: number }>();
  static readonly IDS_PER_RULE = 10;

  add(table: string, column: string, problem: string, id: Value): void {
    const key = `${table}\0${column}\0${problem}`;
    let p = this.byRule.get(key);
    if (!p) this.byRule.set(key, (p = { table, column, problem, ids: [], count: 0 }));
    p.count++;
    if (p.ids.length < Problems.IDS_PER_RULE) p.ids.push(id === null ? "NULL" : String(id));
  }

  get empty(): boolean {
    return this.byRule.size === 0;
  }

  /** One line: `users.role: "moderator" is not member or admin (rows id=a, id=b); accounts.…` */
  describe(): string {
    return [...this.byRule.values()]
      .map((p) => `${p.table}.${p.column}: ${p.problem} (${p.count} row${p.count === 1 ? "" : "s"}: id ${p.ids.map((i) => JSON.stringify(i)).join(", ")}${p.count > p.ids.length ? ", …" : ""})`)
      .join("; ");
  }
}

const hasNul = (s: string) => s.includes("\u0000");

/** A required text value; notes the problem (and returns undefined) when the new schema cannot hold it. */
function text(v: Value, table: string, column: string, id: Value, problems: Problems, opts: { allowEmpty: boolean }): string | undefined {
  if (v === null) return void problems.add(table, column, "is NULL", id);
  if (typeof v !== "string") return void problems.add(table, column, `is not text`, id);
  if (hasNul(v)) return void problems.add(table, column, "holds a NUL character (PostgreSQL text cannot)", id);
  if (!opts.allowEmpty && v === "") return void problems.add(table, column, "is empty", id);
  return v;
}

/** Reads a timestamp of the shape (text) into epoch milliseconds. */
export type InstantReader = (v: Value) => number | undefined;

function instant(v: Value, read: InstantReader, table: string, column: string, id: Value, problems: Problems): number | undefined {
  if (v === null) return void problems.add(table, column, "is NULL", id);
  const ms = read(v);
  if (ms === undefined) return void problems.add(table, column, `${JSON.stringify(String(v).slice(0, 40))} is not a date the previous app wrote`, id);
  if (ms < EARLIEST || ms > LATEST) return void problems.add(table, column, "lies outside the years 1–9999", id);
  return ms;
}

/** A legacy user after the per-row rules (e-mail normalised, not yet de-duplicated). */
export interface CheckedUser {
  id: string;
  displayName: string;
  avatarUrl: string;
  role: (typeof LEGACY_ROLES)[number];
  /** trimmed and lower-cased like the app does; null when NULL or empty */
  email: string | null;
  /** the source held a non-empty e-mail */
  hadEmail: boolean;
  createdAt: number;
  updatedAt: number;
}

/** users row as read: id, display_name, avatar_url, role, email, created_at, updated_at. */
export function checkUser(raw: Row, read: InstantReader, problems: Problems): CheckedUser | undefined {
  const [rawId, rawName, rawAvatar, rawRole, rawEmail, rawCreated, rawUpdated] = raw;
  const t = "users";
  const id = text(rawId, t, "id", rawId, problems, { allowEmpty: false });
  const displayName = text(rawName, t, "display_name", rawId, problems, { allowEmpty: true });
  const avatarUrl = text(rawAvatar, t, "avatar_url", rawId, problems, { allowEmpty: true });
  let role: CheckedUser["role"] | undefined;
  if (typeof rawRole === "string" && (LEGACY_ROLES as readonly string[]).includes(rawRole)) role = rawRole as CheckedUser["role"];
  else problems.add(t, "role", rawRole === null ? "is NULL" : `${JSON.stringify(String(rawRole).slice(0, 40))} is not member or admin`, rawId);
  let email: string | null = null;
  let hadEmail = false;
  if (rawEmail !== null) {
    const e = text(rawEmail, t, "email", rawId, problems, { allowEmpty: true });
    if (e !== undefined) {
      email = normalizeEmail(e) || null;
      hadEmail = email !== null;
    }
  }
  const createdAt = instant(rawCreated, read, t, "created_at", rawId, problems);
  const updatedAt = instant(rawUpdated, read, t, "updated_at", rawId, problems);
  if (id === undefined || displayName === undefined || avatarUrl === undefined || !role || createdAt === undefined || updatedAt === undefined) return undefined;
  return { id, displayName, avatarUrl, role, email, hadEmail, createdAt, updatedAt };
}

/** Who keeps an e-mail several users share: the one created first, ties to the smaller id. */
export class EmailOwners {
  private owners = new Map<string, { id: string; createdAt: number }>();

  offer(u: CheckedUser): void {
    if (!u.email) return;
    const cur = this.owners.get(u.email);
    if (!cur || u.createdAt < cur.createdAt || (u.createdAt === cur.createdAt && u.id < cur.id)) {
      this.owners.set(u.email, { id: u.id, createdAt: u.createdAt });
    }
  }

  keeps(u: CheckedUser): boolean {
    return !!u.email && this.owners.get(u.email)?.id === u.id;
  }
}

/**
 * A row of a table of this app from its values by column name, in the table's column order (derived from
 * the schema): a column the import has no value for is NULL when it may be, else the import stops here.
 */
export function toRow(table: Table, values: Record<string, Value>): Row {
  return table.columns.map((c) => {
    if (c.name in values) return values[c.name];
    if (c.nullable) return null;
    throw new Error(`${table.name}.${c.name} is NOT NULL and the import has no value for it: add it in scripts/import-legacy/mapping.ts`);
  });
}

/** The users row this app stores, and whether the e-mail was cleared. */
export function toUserRow(table: Table, u: CheckedUser, owners: EmailOwners): { row: Row; emailCleared: boolean } {
  const keeps = owners.keeps(u);
  // display_name verbatim; an empty avatar (the old adapter wrote "" when Discord had none) gets the
  // app's generated one, seeded by the id so it stays the same picture.
  const avatar = u.avatarUrl === "" ? generatedAvatarUrl(`legacy:${u.id}`) : u.avatarUrl;
  const row = toRow(table, {
    id: u.id,
    display_name: u.displayName,
    avatar_url: avatar,
    role: u.role,
    email: keeps ? u.email : null,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    // as the app writes it; nobody is blocked yet (blocked_at NULL)
    search_text: searchTextOf(u.displayName, keeps ? u.email : null),
  });
  return { row, emailCleared: u.hadEmail && !keeps };
}

export interface CheckedAccount {
  id: string;
  userId: string;
  type: string;
  provider: string;
  providerAccountId: string;
}

/** accounts row as read: id, user_id, type, provider, provider_account_id. */
export function checkAccount(raw: Row, problems: Problems): CheckedAccount | undefined {
  const [rawId, rawUser, rawType, rawProvider, rawPid] = raw;
  const t = "accounts";
  const strict = { allowEmpty: false };
  const id = text(rawId, t, "id", rawId, problems, strict);
  const userId = text(rawUser, t, "user_id", rawId, problems, strict);
  const type = text(rawType, t, "type", rawId, problems, strict);
  const provider = text(rawProvider, t, "provider", rawId, problems, strict);
  const providerAccountId = text(rawPid, t, "provider_account_id", rawId, problems, strict);
  if (id === undefined || userId === undefined || type === undefined || provider === undefined || providerAccountId === undefined) return undefined;
  return { id, userId, type, provider, providerAccountId };
}

/** Which account rows are written: orphans (no such user) skipped, one row per (provider, provider account id). */
export class AccountPlan {
  /** identity → the account id that stays: the smallest id among the rows whose user exists */
  private kept = new Map<string, string>();
  private dropped = new Map<string, string[]>();
  readonly orphans: string[] = [];

  constructor(private userIds: ReadonlySet<string>) {}

  private static identity(a: CheckedAccount): string {
    return `${a.provider}\0${a.providerAccountId}`;
  }

  offer(a: CheckedAccount): void {
    if (!this.userIds.has(a.userId)) {
      this.orphans.push(a.id);
      return;
    }
    const key = AccountPlan.identity(a);
    const cur = this.kept.get(key);
    if (cur === undefined) {
      this.kept.set(key, a.id);
      return;
    }
    const [stay, go] = a.id < cur ? [a.id, cur] : [cur, a.id];
    this.kept.set(key, stay);
    const d = this.dropped.get(key) ?? [];
    d.push(go);
    this.dropped.set(key, d);
  }

  keeps(a: CheckedAccount): boolean {
    return this.kept.get(AccountPlan.identity(a)) === a.id;
  }

  get size(): number {
    return this.kept.size;
  }

  /** One entry per collapsed identity: the account id that stays and the ids folded into it. */
  collapsed(): { kept: string; dropped: string[] }[] {
    return [...this.dropped.entries()].map(([key, ids]) => ({ kept: this.kept.get(key)!, dropped: ids.sort() }));
  }
}

/** accounts row as this app stores it: identity only (every token column NULL). */
export function toAccountRow(table: Table, a: CheckedAccount): Row {
  return toRow(table, { id: a.id, user_id: a.userId, type: a.type, provider: a.provider, provider_account_id: a.providerAccountId });
}
