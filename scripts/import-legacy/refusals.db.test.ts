// Every refusal of db:import-legacy: exit 2, one line naming what was found, no stack trace, no
// password, and the target left empty; an import killed or interrupted half-way leaves it empty too,
// and a second run then succeeds.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "~/db/provider";
import { sqlitePath } from "~/db/provider";
import { ENGINES } from "~test/engines";
import { databases, exec, rowCounts, runImport, startImport, waitForStderr, type CliResult } from "../transfer/testing";
import { awkwardLegacyData } from "./legacy-app/awkward";
import { createLegacyDatabase, insertLegacy, type LegacyData } from "./legacy-app/build";

const EMPTY = { users: 0, accounts: 0, sessions: 0, verification_tokens: 0 };

function expectRefused(r: CliResult, pattern: RegExp) {
  const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("db-import-legacy:"));
  expect(r.code, r.stderr).toBe(2);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(r.stdout).toBe("");
}

const at = (iso: string) => new Date(iso);
const oneUser = (over: Partial<NonNullable<LegacyData["users"]>[number]> = {}): LegacyData => ({
  users: [{ id: "ok-1", displayName: "ふつう", avatarUrl: "", role: "member", email: "ok@example.com", createdAt: at("2024-01-01T00:00:00Z"), updatedAt: at("2024-01-01T00:00:00Z"), ...over }],
});

describe("db:import-legacy refuses, writing nothing", { timeout: 120_000 }, () => {
  const dbs = databases();
  const legacyDisposers: (() => Promise<void>)[] = [];
  const legacy = async (engine: Provider, data: LegacyData = {}, sql?: string) => {
    const db = await createLegacyDatabase(engine);
    legacyDisposers.push(db.dispose);
    await insertLegacy(db.url, engine, data);
    if (sql) await exec(db.url, sql);
    return db.url;
  };
  const targets = {} as Record<Provider, string>;
  beforeAll(async () => {
    for (const e of ENGINES) targets[e] = await dbs.fresh(e);
  });
  afterAll(async () => {
    await dbs.disposeAll();
    await Promise.all(legacyDisposers.map((d) => d()));
  });

  it("a database that is not the previous app's: this project's, another app's, an empty one, not a database", async () => {
    const project = await dbs.fresh("sqlite");
    const pgProject = await dbs.fresh("postgresql");
    const dropAll = "drop table sessions; drop table accounts; drop table verification_tokens; drop table users; drop table _prisma_migrations;";
    const other = await dbs.fresh("sqlite");
    await exec(other, `${dropAll} create table posts (id text primary key, body text)`);
    const empty = await dbs.fresh("sqlite");
    await exec(empty, dropAll);
    const notDb = path.join(path.dirname(sqlitePath(empty)), "notes.txt");
    writeFileSync(notDb, "this is not a database, just some text long enough to fill a header page ".repeat(20));
    const [a, b, c, d, e] = await Promise.all([
      runImport(["--from", project, "--to", targets.postgresql]),
      runImport(["--from", pgProject, "--to", targets.sqlite]),
      runImport(["--from", other, "--to", targets.sqlite]),
      runImport(["--from", empty, "--to", targets.sqlite]),
      runImport(["--from", `file:${notDb}`, "--to", targets.sqlite]),
    ]);
    expectRefused(a, /^db-import-legacy: refused: --from file:.* is a database of this project \(it has _prisma_migrations\), not the previous app's: use npm run db:transfer$/);
    expectRefused(b, /^db-import-legacy: refused: --from postgresql:.* is a database of this project .*use npm run db:transfer$/);
    expectRefused(c, /^db-import-legacy: refused: --from .* is not a previous-app database: it has tables posts; expected users, accounts, sessions, verification_tokens$/);
    expectRefused(d, /^db-import-legacy: refused: --from .* has no tables: not a previous-app database$/);
    expectRefused(e, /^db-import-legacy: refused: cannot open file:.*notes\.txt: file is not a database$/);
  });

  it("a previous-app database with a column, table or column type it does not know", async () => {
    const [extraColumn, extraTable, textDates, pgTz] = await Promise.all([
      legacy("sqlite", {}, "alter table users add column bio text"),
      legacy("sqlite", {}, "create table posts (id text primary key)"),
      legacy("sqlite", {}, "drop table users; create table users (id text primary key, display_name text not null, avatar_url text not null, role text not null default 'member', email text, created_at text not null, updated_at integer not null)"),
      legacy("postgresql", {}, "alter table users alter column created_at type timestamptz"),
    ]);
    const [a, b, c, d] = await Promise.all([
      runImport(["--from", extraColumn, "--to", targets.sqlite]),
      runImport(["--from", extraTable, "--to", targets.sqlite]),
      runImport(["--from", textDates, "--to", targets.sqlite]),
      runImport(["--from", pgTz, "--to", targets.sqlite]),
    ]);
    expectRefused(a, /refused: --from .*: table "users" has columns the import does not know \(bio\)/);
    expectRefused(b, /refused: --from .* has tables the import does not know \(posts\); their data would not come across/);
    expectRefused(c, /refused: --from .*: users\.created_at is "text", but the previous app's SQLite database has integer there/);
    expectRefused(d, /refused: --from .*: users\.created_at is "timestamp with time zone", but the previous app's PostgreSQL database has timestamp without time zone there/);
    expect(await rowCounts(targets.sqlite)).toEqual(EMPTY);
  });

  for (const shape of ENGINES) {
    it(`values the new schema cannot hold, naming table, column and row ids (${shape} previous app)`, async () => {
      const rows: LegacyData = {
        users: [
          ...oneUser().users!,
          { ...oneUser().users![0], id: "mod-1", role: "moderator" },
          { ...oneUser().users![0], id: "mod-2", role: "Admin" },
          { ...oneUser().users![0], id: "far-future", email: null, createdAt: at("9999-12-31T23:59:59Z") },
        ],
      };
      // what only each engine can hold: NUL in text and epoch seconds past year 9999 (SQLite); infinity (PostgreSQL)
      const odd =
        shape === "sqlite"
          ? `insert into users values ('nul-1', 'a' || char(0) || 'b', '', 'member', null, 0, 0);
             insert into users values ('y12000', 'x', '', 'member', null, 316000000000, 0);`
          : `insert into users values ('inf-1', 'x', '', 'member', null, 'infinity', '2024-01-01');`;
      const source = await legacy(shape, rows, odd);
      const r = await runImport(["--from", source, "--to", targets[shape === "sqlite" ? "postgresql" : "sqlite"]]);
      expectRefused(r, /^db-import-legacy: refused: /);
      expect(r.stderr).toContain(`users.role: "moderator" is not member or admin (1 row: id "mod-1")`);
      expect(r.stderr).toContain(`users.role: "Admin" is not member or admin (1 row: id "mod-2")`);
      if (shape === "sqlite") {
        expect(r.stderr).toContain(`users.display_name: holds a NUL character (PostgreSQL text cannot) (1 row: id "nul-1")`);
        expect(r.stderr).toContain(`users.created_at: lies outside the years 1–9999 (1 row: id "y12000")`);
      } else {
        expect(r.stderr).toContain(`users.created_at: "infinity" is not a date the previous app wrote (1 row: id "inf-1")`);
      }
      expect(r.stderr).not.toContain("far-future"); // year 9999 is fine
      for (const e of ENGINES) expect(await rowCounts(targets[e])).toEqual(EMPTY);
    });
  }

  it("an unreachable or malformed URL, without printing its password; missing arguments", async () => {
    const source = await legacy("sqlite", oneUser());
    const [noServer, scheme, noFile, missing, badReport] = await Promise.all([
      runImport(["--from", "postgresql://postgres:s3cret-pw@127.0.0.1:1/legacy", "--to", targets.sqlite]),
      runImport(["--from", source, "--to", "mysql://root:hunter22@localhost/db"]),
      runImport(["--from", "file:./no/such/dir/legacy.db", "--to", targets.sqlite]),
      runImport(["--from", source]),
      runImport(["--from", source, "--to", targets.sqlite, "--report", "/no/such/dir/report.json"]),
    ]);
    expectRefused(noServer, /^db-import-legacy: refused: cannot connect to postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/legacy: .*ECONNREFUSED/);
    expect(noServer.stderr).not.toContain("s3cret-pw");
    expectRefused(scheme, /^db-import-legacy: refused: --to "mysql:\/\/root:\*\*\*@localhost\/db" is not a database URL/);
    expect(scheme.stderr).not.toContain("hunter22");
    expectRefused(noFile, /^db-import-legacy: refused: source file:\.\/no\/such\/dir\/legacy\.db: no such SQLite file/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^db-import-legacy: --from and --to are required\nusage: npm run db:import-legacy/);
    expect(badReport.code).toBe(2);
    expect(badReport.stderr).toMatch(/^db-import-legacy: cannot write --report "\/no\/such\/dir\/report\.json": ENOENT/);
    expect(await rowCounts(targets.sqlite)).toEqual(EMPTY);
  });

  it("the same database as source and target; a target not migrated; a target that holds rows", async () => {
    const source = await legacy("sqlite", oneUser());
    const unmigrated = await dbs.fresh("sqlite");
    await exec(unmigrated, "drop table _prisma_migrations");
    const full = await dbs.fresh("postgresql");
    await exec(full, `insert into users (id, display_name, avatar_url, role, created_at, updated_at) values ('x', 'x', '', 'member', now(), now())`);
    const [same, notMigrated, notEmpty] = await Promise.all([
      runImport(["--from", source, "--to", source]),
      runImport(["--from", source, "--to", unmigrated]),
      runImport(["--from", source, "--to", full]),
    ]);
    expectRefused(same, /^db-import-legacy: refused: --from and --to are the same database \(file:.*\)$/);
    expectRefused(notMigrated, /^db-import-legacy: refused: --to file:.* is not migrated \(no _prisma_migrations table\); run `npm run db:deploy` against it first$/);
    expectRefused(notEmpty, /^db-import-legacy: refused: --to postgresql:.* already holds 1 rows; the import only writes into an empty database \(it never merges\)$/);
    expect((await rowCounts(full)).users).toBe(1);
  });

  for (const engine of ENGINES) {
    it(`kill -9 or Ctrl-C half-way leaves the ${engine} target empty, and a second run succeeds`, async () => {
      const data = awkwardLegacyData("sqlite");
      const source = await legacy("sqlite", data);
      const target = await dbs.fresh(engine);
      const args = ["--from", source, "--to", target, "--batch-size", "2"];
      const pause = { DB_TRANSFER_PAUSE_AFTER_BATCHES: "3" };

      const killed = startImport(args, pause);
      await waitForStderr(killed.child, "paused after 3 batches");
      killed.child.kill("SIGKILL");
      expect((await killed.done).signal).toBe("SIGKILL");
      expect(await rowCounts(target)).toEqual(EMPTY);

      const interrupted = startImport(args, pause);
      await waitForStderr(interrupted.child, "paused after 3 batches");
      interrupted.child.kill("SIGINT");
      const r = await interrupted.done;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/^db-import-legacy: interrupted; the target was rolled back$/m);
      expect(await rowCounts(target)).toEqual(EMPTY);

      const again = await runImport(args);
      expect(again.code, again.stderr).toBe(0);
      expect(await rowCounts(target)).toEqual({ users: 13, accounts: 4, sessions: 0, verification_tokens: 0 });
    });
  }
});
