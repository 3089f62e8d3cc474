// Every refusal: exit code 2, one line on stderr, no stack trace, no password, nothing written.
import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "~/db/provider";
import { fillSqlite } from "./fixture";
import { databases, exec, rowCounts, runCli, type CliResult } from "./testing";

const EMPTY = { users: 0, accounts: 0, sessions: 0, verification_tokens: 0 };

function expectRefused(r: CliResult, pattern: RegExp) {
  const lines = r.stderr.trim().split("\n");
  expect(r.code, r.stderr).toBe(2);
  expect(lines.filter((l) => l.startsWith("db-transfer:"))).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(r.stdout).toBe("");
}

describe("db:transfer refuses, touching nothing", { timeout: 90_000 }, () => {
  const dbs = databases();
  let source: string;
  let pgSource: string;
  beforeAll(async () => {
    source = await dbs.fresh("sqlite");
    fillSqlite(sqlitePath(source), { users: 20, accounts: 20, sessions: 20, tokens: 5 });
    pgSource = await dbs.fresh("postgresql");
    expect((await runCli(["--from", source, "--to", pgSource])).code).toBe(0);
  });
  afterAll(() => dbs.disposeAll());

  it("a malformed URL or missing arguments", async () => {
    const target = await dbs.fresh("sqlite");
    const [scheme, missing, batch, unknown] = await Promise.all([
      runCli(["--from", source, "--to", "mysql://root:hunter2@localhost/db"]),
      runCli(["--from", source]),
      runCli(["--from", source, "--to", target, "--batch-size", "lots"]),
      runCli(["--from", source, "--to", target, "--force"]),
    ]);
    expectRefused(scheme, /^db-transfer: refused: --to "mysql:\/\/root:\*\*\*@localhost\/db" is not a database URL/);
    expect(scheme.stderr).not.toContain("hunter2");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^db-transfer: --from and --to are required/);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/^db-transfer: --batch-size must be a whole number/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^db-transfer: Unknown option '--force'/);
  });

  it("an unreachable database, without printing its password", async () => {
    const [noServer, noDb, noFile] = await Promise.all([
      runCli(["--from", source, "--to", "postgresql://postgres:s3cret-pw@127.0.0.1:1/suzumina"]),
      runCli(["--from", pgSource.replace(/\/[^/]*$/, "/suz_does_not_exist"), "--to", source]),
      runCli(["--from", "file:./no/such/dir/prod.db", "--to", source]),
    ]);
    expectRefused(noServer, /^db-transfer: refused: cannot connect to postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/suzumina: .*ECONNREFUSED/);
    expect(noServer.stderr).not.toContain("s3cret-pw");
    expectRefused(noDb, /^db-transfer: refused: cannot connect to .*suz_does_not_exist.*does not exist/);
    expectRefused(noFile, /^db-transfer: refused: source file:\.\/no\/such\/dir\/prod\.db: no such SQLite file/);
  });

  it("source and target being the same database, however spelled", async () => {
    const link = path.join(path.dirname(sqlitePath(source)), "alias.db");
    symlinkSync(sqlitePath(source), link);
    const relative = `file:${path.relative(process.cwd(), sqlitePath(source))}`;
    const [viaLink, viaRelative, viaLocalhost] = await Promise.all([
      runCli(["--from", source, "--to", `file:${link}`]),
      runCli(["--from", relative, "--to", source, "--truncate"]),
      runCli(["--from", pgSource, "--to", pgSource.replace("127.0.0.1", "localhost"), "--truncate"]),
    ]);
    expectRefused(viaLink, /^db-transfer: refused: source and target are the same database/);
    expectRefused(viaRelative, /^db-transfer: refused: source and target are the same database/);
    expectRefused(viaLocalhost, /^db-transfer: refused: source and target are the same database/);
    expect((await rowCounts(source)).users).toBe(20);
  });

  it("a target that is not migrated to the same migration list", async () => {
    const unmigrated = await dbs.fresh("sqlite");
    await exec(unmigrated, `drop table _prisma_migrations`);
    const behind = await dbs.fresh("postgresql");
    await exec(behind, `update _prisma_migrations set rolled_back_at = now()`); // its only migration rolled back
    const ahead = await dbs.fresh("sqlite");
    await exec(
      ahead,
      `insert into _prisma_migrations (id, checksum, migration_name, finished_at, started_at, applied_steps_count)
       values ('x', 'x', '20991231000000_add_profiles', 1, 1, 1)`,
    );
    const [r1, r2, r3] = await Promise.all([
      runCli(["--from", source, "--to", unmigrated]),
      runCli(["--from", source, "--to", behind]),
      runCli(["--from", pgSource, "--to", ahead]),
    ]);
    expectRefused(r1, /^db-transfer: refused: target file:.* is not migrated \(no _prisma_migrations table\)/);
    expectRefused(r2, /^db-transfer: refused: target is not migrated to the same migration list as the source \(target lacks init, search_text_blocked_session_created\)/);
    expectRefused(r3, /^db-transfer: refused: target is not migrated to the same migration list as the source \(target has extra add_profiles\)/);
  });

  it("a target that holds rows (unless --truncate)", async () => {
    const target = await dbs.fresh("postgresql");
    await exec(
      target,
      `insert into verification_tokens (identifier, token, expires) values ('a@example.com', 'x', now())`,
    );
    const [r, dry] = await Promise.all([runCli(["--from", source, "--to", target]), runCli(["--from", source, "--to", target, "--dry-run"])]);
    expectRefused(r, /^db-transfer: refused: target postgresql:\/\/.* already holds 1 rows; use --truncate to replace them$/);
    expectRefused(dry, /already holds 1 rows/);
    expect(await rowCounts(target)).toEqual({ ...EMPTY, verification_tokens: 1 });
  });

  it("a database with a table or column the tool does not know", async () => {
    const target = await dbs.fresh("sqlite");
    await exec(target, `alter table users add column nickname text`);
    const pgTarget = await dbs.fresh("postgresql");
    await exec(pgTarget, `create table profiles (user_id text primary key references users(id))`);
    const [r1, r2] = await Promise.all([runCli(["--from", source, "--to", target]), runCli(["--from", source, "--to", pgTarget])]);
    expectRefused(r1, /table "users" has columns the transfer tool does not know \(nickname\); update scripts\/transfer\/tables\.ts/);
    expectRefused(r2, /has tables the transfer tool does not know \(profiles\); update scripts\/transfer\/tables\.ts/);
  });
});
