// The mapping rules alone, on rows as the readers hand them over (text, or NULL).
import { describe, expect, it } from "vitest";
import type { Value } from "../transfer/values";
import { searchTextOf } from "~/models/search";
import { TABLES, type Table } from "../transfer/tables";
import { AccountPlan, checkAccount, checkUser, EmailOwners, Problems, toRow, toUserRow } from "./mapping";

const USERS = TABLES.find((t) => t.name === "users")!;
/** A written row by column name (whatever else the schema's users table has). */
const named = (table: Table, row: Value[]) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]]));

const seconds = (v: Value) => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) * 1000 : undefined);
const user = (id: string, email: string | null, created = "1700000000", over: Partial<Record<number, string | null>> = {}) => {
  const row = [id, `name ${id}`, "https://cdn.discordapp.com/x.png", "member", email, created, created];
  for (const [i, v] of Object.entries(over)) row[Number(i)] = v as string;
  return row;
};

describe("users", () => {
  it("normalises e-mails like the app (trim, lower case) and makes empty ones NULL", () => {
    const p = new Problems();
    expect(checkUser(user("a", "  MiXed@Example.COM\t"), seconds, p)?.email).toBe("mixed@example.com");
    expect(checkUser(user("b", "   "), seconds, p)?.email).toBeNull();
    expect(checkUser(user("c", null), seconds, p)?.email).toBeNull();
    expect(checkUser(user("d", "ÉLODIE@EXAMPLE.COM"), seconds, p)?.email).toBe("élodie@example.com");
    expect(p.empty).toBe(true);
  });

  it("gives a shared e-mail to the user created first, ties to the smaller id, whatever the reading order", () => {
    const rows = [user("u3", "X@x.com", "100"), user("u2", "x@x.com ", "100"), user("u1", "x@X.com", "200"), user("u0", "other@x.com", "300")];
    for (const order of [rows, [...rows].reverse()]) {
      const p = new Problems();
      const owners = new EmailOwners();
      const users = order.map((r) => checkUser(r, seconds, p)!);
      users.forEach((u) => owners.offer(u));
      const mapped = Object.fromEntries(users.map((u) => [u.id, toUserRow(USERS, u, owners)]));
      const email = (id: string) => named(USERS, mapped[id].row).email;
      expect(email("u2")).toBe("x@x.com");
      expect([email("u3"), email("u1")]).toEqual([null, null]);
      expect([mapped.u3.emailCleared, mapped.u1.emailCleared, mapped.u2.emailCleared]).toEqual([true, true, false]);
      expect(email("u0")).toBe("other@x.com");
    }
  });

  it("keeps names and avatars verbatim; an empty avatar becomes the generated one, the same for the same id", () => {
    const p = new Problems();
    const owners = new EmailOwners();
    const name = `tab\tnewline\n"quote" \\ 🌸 ${"長".repeat(300)}`;
    const u = checkUser(["id-1", name, "", "admin", null, "0", "-86400"], seconds, p)!;
    const row = named(USERS, toUserRow(USERS, u, owners).row);
    expect(row).toMatchObject({ id: "id-1", display_name: name, avatar_url: expect.stringMatching(/^\/avatars\/[0-9a-f]{16}\.svg$/), role: "admin", email: null, created_at: 0, updated_at: -86_400_000 });
    // search_text as the app writes it (folded name, no e-mail); blocked_at NULL
    expect(row).toMatchObject({ search_text: searchTextOf(name, null), blocked_at: null });
    const avatar = (id: string) => named(USERS, toUserRow(USERS, checkUser([id, "x", "", "member", null, "0", "0"], seconds, p)!, owners).row).avatar_url;
    expect(avatar("id-1")).toBe(row.avatar_url);
    expect(avatar("id-2")).not.toBe(row.avatar_url);
  });

  it("names every row that breaks a rule, per table and column, and nothing passes", () => {
    const p = new Problems();
    const bad = [
      user("r1", null, undefined, { 3: "moderator" }),
      user("r2", null, undefined, { 3: "moderator" }),
      user("r3", null, undefined, { 3: null }),
      user("n1", null, undefined, { 1: "a\u0000b" }),
      user("n2", null, undefined, { 1: null }),
      user("d1", null, "not-a-date"),
      user("d2", null, "300000000000"), // year 11476
      user("", null),
    ];
    for (const r of bad) expect(checkUser(r, seconds, p)).toBeUndefined();
    expect(p.describe()).toBe(
      [
        'users.role: "moderator" is not member or admin (2 rows: id "r1", "r2")',
        'users.role: is NULL (1 row: id "r3")',
        'users.display_name: holds a NUL character (PostgreSQL text cannot) (1 row: id "n1")',
        'users.display_name: is NULL (1 row: id "n2")',
        'users.created_at: "not-a-date" is not a date the previous app wrote (1 row: id "d1")',
        'users.updated_at: "not-a-date" is not a date the previous app wrote (1 row: id "d1")',
        'users.created_at: lies outside the years 1–9999 (1 row: id "d2")',
        'users.updated_at: lies outside the years 1–9999 (1 row: id "d2")',
        'users.id: is empty (1 row: id "")',
      ].join("; "),
    );
  });

  it("lists at most ten ids per rule", () => {
    const p = new Problems();
    for (let i = 0; i < 25; i++) checkUser(user(`m${i}`, null, undefined, { 3: "mod" }), seconds, p);
    expect(p.describe()).toMatch(/^users\.role: "mod" is not member or admin \(25 rows: id "m0", .*"m9", …\)$/);
  });
});

describe("rows of this app's tables", () => {
  const table: Table = { name: "t", key: ["id"], columns: [{ name: "id", kind: "text", nullable: false }, { name: "note", kind: "text", nullable: true }, { name: "rank", kind: "int", nullable: false }] };

  it("puts values in the table's column order, NULL where the import has none and may", () => {
    expect(toRow(table, { rank: 3, id: "a" })).toEqual(["a", null, 3]);
  });

  it("names the file to edit when a NOT NULL column has no value", () => {
    expect(() => toRow(table, { id: "a" })).toThrow("t.rank is NOT NULL and the import has no value for it: add it in scripts/import-legacy/mapping.ts");
  });
});

describe("accounts", () => {
  const account = (id: string, userId: string, pid: string, provider = "discord") => checkAccount([id, userId, "oauth", provider, pid], new Problems())!;

  it("skips orphans and folds one identity into the row with the smallest id, whatever the order", () => {
    const rows = [account("a3", "u1", "1"), account("a2", "u2", "1"), account("a9", "gone", "1"), account("a1", "u1", "2"), account("a4", "u1", "1", "github")];
    for (const order of [rows, [...rows].reverse()]) {
      const plan = new AccountPlan(new Set(["u1", "u2"]));
      order.forEach((a) => plan.offer(a));
      expect(order.filter((a) => plan.keeps(a)).map((a) => a.id).sort()).toEqual(["a1", "a2", "a4"]);
      expect(plan.orphans).toEqual(["a9"]);
      expect(plan.collapsed()).toEqual([{ kept: "a2", dropped: ["a3"] }]);
      expect(plan.size).toBe(3);
    }
  });

  it("refuses NULL or empty identity columns", () => {
    const p = new Problems();
    expect(checkAccount(["a1", "u1", "oauth", "discord", null], p)).toBeUndefined();
    expect(checkAccount(["a2", "u1", "oauth", "", "1"], p)).toBeUndefined();
    expect(p.describe()).toBe('accounts.provider_account_id: is NULL (1 row: id "a1"); accounts.provider: is empty (1 row: id "a2")');
  });
});
