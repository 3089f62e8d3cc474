// The real command, in its own process, between real databases: SQLite file copies and PostgreSQL
// databases made from the migrated templates, with 11,000 rows of awkward values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "~test/engines";
import { PROVIDERS, sqlitePath } from "~/db/provider";
import { fillSqlite } from "./fixture";
import { databases, exec, rowCounts, runCli } from "./testing";
import { checksums, transfer } from "./transfer";

const SIZE = { users: 2500, accounts: 2500, sessions: 5000, tokens: 1000 };
const ROWS = SIZE.users + SIZE.accounts + SIZE.sessions + SIZE.tokens;
// Not UTC on purpose: nothing may depend on the operator's time zone.
const TZ = { TZ: "America/New_York" };

/** Every user as Prisma reads it, in id order: what the app would see. */
async function usersViaPrisma(url: string) {
  const d = await openTestDatabase(url.startsWith("file:") ? "sqlite" : "postgresql", url);
  try {
    const users = await d.client.user.findMany({ orderBy: { id: "asc" }, include: { accounts: true, sessions: true } });
    const tokens = await d.client.verificationToken.findMany();
    // Collation differs between engines; compare in code-point order.
    return { users: users.sort((a, b) => (a.id < b.id ? -1 : 1)), tokens: tokens.sort((a, b) => (a.identifier + a.token < b.identifier + b.token ? -1 : 1)) };
  } finally {
    await d.close();
  }
}

describe("db:transfer copies everything, verified, in every direction", { timeout: 90_000 }, () => {
  const dbs = databases();
  let source: string;
  let expected: Awaited<ReturnType<typeof checksums>>;
  beforeAll(async () => {
    source = await dbs.fresh("sqlite");
    expect(fillSqlite(sqlitePath(source), SIZE)).toBe(ROWS);
    expected = await checksums(source);
  });
  afterAll(() => dbs.disposeAll());

  it("round-trips SQLite → PostgreSQL → SQLite with identical checksums and identical data for Prisma", async () => {
    const pgUrl = await dbs.fresh("postgresql");
    const back = await dbs.fresh("sqlite");

    const there = await runCli(["--from", source, "--to", pgUrl, "--batch-size", "1000"], TZ);
    expect(there.stderr.split("\n").filter((l) => l.startsWith("db-transfer:"))).toEqual([]);
    expect(there.code).toBe(0);
    expect(there.stdout).toContain(`${ROWS.toLocaleString("en-US")} rows copied and verified`);
    for (const t of ["users", "accounts", "sessions", "verification_tokens"]) expect(there.stdout).toMatch(new RegExp(`^${t}\\s`, "m"));
    expect(there.stderr).toMatch(/users: [\d,]+ rows in [\d.]+ s \([\d,]+ rows\/s\)/); // plain progress lines off a TTY

    const andBack = await runCli(["--from", pgUrl, "--to", back], TZ);
    expect(andBack.code).toBe(0);

    expect(await checksums(pgUrl)).toEqual(expected);
    expect(await checksums(back)).toEqual(expected);
    expect(expected.users.rows).toBe(SIZE.users);

    // What the app sees through Prisma is the same on both engines: instants, NULLs, Unicode, long text.
    const [onPg, onSqlite] = [await usersViaPrisma(pgUrl), await usersViaPrisma(back)];
    expect(onSqlite).toEqual(onPg);
    const edge = onPg.users.find((u) => u.createdAt.getTime() === Date.UTC(2038, 0, 19, 3, 14, 8));
    expect(edge).toBeDefined();
    expect(onPg.users.some((u) => u.displayName === "🎧🔥👨‍👩‍👧‍👦 emoji ✨")).toBe(true);
    expect(onPg.users.some((u) => u.displayName.length === 20_000)).toBe(true);
    expect(onPg.users.some((u) => u.email === null)).toBe(true);
    expect(onPg.users.flatMap((u) => u.accounts).some((a) => a.expiresAt === -2_147_483_648)).toBe(true);
  });

  // In-process from here on (the same transfer() the command runs; process start-up is slow on CI).
  it("copies SQLite → SQLite and PostgreSQL → PostgreSQL", async () => {
    const sqlite2 = await dbs.fresh("sqlite");
    const r1 = await transfer({ from: source, to: sqlite2, batchSize: 777 });
    expect(r1.tables.map((t) => [t.table, t.targetRows])).toEqual([["users", 2500], ["accounts", 2500], ["sessions", 5000], ["verification_tokens", 1000]]);
    expect(await checksums(sqlite2)).toEqual(expected);

    const pg1 = await dbs.fresh("postgresql");
    const pg2 = await dbs.fresh("postgresql");
    await transfer({ from: sqlite2, to: pg1 });
    await transfer({ from: pg1, to: pg2, batchSize: 333 });
    expect(await checksums(pg2)).toEqual(expected);
  });

  it("--dry-run reports the row counts and writes nothing", async () => {
    const target = await dbs.fresh("postgresql");
    const r = await runCli(["--from", source, "--to", target, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^users\s+2,500$/m);
    expect(r.stdout).toMatch(/^sessions\s+5,000$/m);
    expect(r.stdout).toContain("Nothing was written");
    expect(await rowCounts(target)).toEqual({ users: 0, accounts: 0, sessions: 0, verification_tokens: 0 });
  });

  it("--truncate replaces what the target holds, in the same transaction", async () => {
    for (const engine of PROVIDERS) {
      const target = await dbs.fresh(engine);
      await exec(
        target,
        `insert into users (id, display_name, avatar_url, role, created_at, updated_at) values ('old', 'old', '/a.svg', 'member', '2020-01-01T00:00:00.000+00:00', '2020-01-01T00:00:00.000+00:00');
         insert into sessions (id, user_id, session_token, expires) values ('s-old', 'old', 'tok', '2020-01-01T00:00:00.000+00:00');`,
      );
      await expect(transfer({ from: source, to: target })).rejects.toThrow(/already holds 2 rows/);
      const r = await transfer({ from: source, to: target, truncate: true });
      expect(r.truncatedRows).toBe(2);
      expect(await checksums(target)).toEqual(expected);
    }
  });

  it("fails on a source value that is not what the schema says, naming the row, and writes nothing", async () => {
    const bad = await dbs.fresh("sqlite");
    fillSqlite(sqlitePath(bad), { users: 3000, accounts: 10, sessions: 10, tokens: 1 });
    await exec(bad, `update users set created_at = 'soon' where id = (select max(id) from users)`);
    const target = await dbs.fresh("postgresql");
    const r = await runCli(["--from", bad, "--to", target, "--batch-size", "1000"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^db-transfer: failed, target rolled back: users\.created_at: cannot read string "soon" as datetime \(row id="c\w+"\)$/m);
    expect(await rowCounts(target)).toEqual({ users: 0, accounts: 0, sessions: 0, verification_tokens: 0 });
  });

  it("fails and rolls back when the target changes what it was given (verification)", async () => {
    // A trigger that rewrites one display name on insert: the copy succeeds, the checksums cannot.
    const pgTarget = await dbs.fresh("postgresql");
    await exec(
      pgTarget,
      `create function tamper() returns trigger language plpgsql as $$ begin
         if new.id = (select min(id) from users) or new.display_name = 'すずみな' then new.display_name := 'tampered'; end if; return new; end $$;
       create trigger tamper before insert on users for each row execute function tamper();`,
    );
    const sqliteTarget = await dbs.fresh("sqlite");
    await exec(sqliteTarget, `create trigger tamper after insert on users when new.display_name = 'すずみな' begin update users set display_name = 'tampered' where id = new.id; end;`);

    for (const target of [pgTarget, sqliteTarget]) {
      const r = await runCli(["--from", source, "--to", target]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^db-transfer: failed, target rolled back: verification failed — users: checksum \w+ in the source, \w+ in the target$/m);
      expect(await rowCounts(target)).toEqual({ users: 0, accounts: 0, sessions: 0, verification_tokens: 0 });
    }
  });
});
