// All-or-nothing: a transfer killed half-way (kill -9, no chance to clean up) or interrupted (Ctrl-C)
// leaves the target exactly as it was, and a re-run succeeds. The command pauses at a known batch via
// DB_TRANSFER_PAUSE_AFTER_BATCHES so the kill lands mid-transaction every time.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "~/db/provider";
import { fillSqlite } from "./fixture";
import { databases, rowCounts, runCli, startCli, waitForStderr } from "./testing";
import { checksums } from "./transfer";

const EMPTY = { users: 0, accounts: 0, sessions: 0, verification_tokens: 0 };
// 10 batches of 1000 rows: users (2,500) and half of accounts are in the target's open transaction.
const PAUSE = { DB_TRANSFER_PAUSE_AFTER_BATCHES: "5" };

async function openTransferTransactions(adminUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query(
      "select count(*) as n from pg_stat_activity where application_name = 'suzumina-db-transfer' and xact_start is not null and datname = current_database()",
    );
    return Number(r.rows[0].n);
  } finally {
    await c.end();
  }
}

describe("an interrupted db:transfer leaves the target as it was", { timeout: 90_000 }, () => {
  const dbs = databases();
  let sqliteSource: string;
  let pgSource: string;
  let expected: Awaited<ReturnType<typeof checksums>>;
  beforeAll(async () => {
    sqliteSource = await dbs.fresh("sqlite");
    fillSqlite(sqlitePath(sqliteSource), { users: 2500, accounts: 2500, sessions: 5000, tokens: 1000 });
    expected = await checksums(sqliteSource);
    pgSource = await dbs.fresh("postgresql");
    expect((await runCli(["--from", sqliteSource, "--to", pgSource])).code).toBe(0);
  });
  afterAll(() => dbs.disposeAll());

  it("kill -9 mid-way into PostgreSQL: target empty, re-run succeeds", async () => {
    const target = await dbs.fresh("postgresql");
    const { child, done } = startCli(["--from", sqliteSource, "--to", target, "--batch-size", "1000"], PAUSE);
    await waitForStderr(child, "paused after 5 batches");
    expect(await openTransferTransactions(target)).toBe(1); // rows are in flight inside its transaction
    child.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");

    expect(await rowCounts(target)).toEqual(EMPTY);
    const again = await runCli(["--from", sqliteSource, "--to", target]);
    expect(again.code, again.stderr).toBe(0);
    expect(await checksums(target)).toEqual(expected);
  });

  it("kill -9 mid-way into SQLite: target empty and intact, re-run succeeds", async () => {
    const target = await dbs.fresh("sqlite");
    const { child, done } = startCli(["--from", pgSource, "--to", target, "--batch-size", "1000"], PAUSE);
    await waitForStderr(child, "paused after 5 batches");
    child.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");

    expect(await rowCounts(target)).toEqual(EMPTY); // SQLite rolls the hot journal back on open
    const db = new Database(sqlitePath(target));
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("select count(*) from sqlite_master where type = 'index' and sql is not null").pluck().get()).toBe(8); // dropped indexes are back
    db.close();
    const again = await runCli(["--from", pgSource, "--to", target]);
    expect(again.code, again.stderr).toBe(0);
    expect(await checksums(target)).toEqual(expected);
  });

  it("Ctrl-C rolls back and exits 130", async () => {
    for (const target of [await dbs.fresh("postgresql"), await dbs.fresh("sqlite")]) {
      const { child, done } = startCli(["--from", sqliteSource, "--to", target, "--batch-size", "1000"], PAUSE);
      await waitForStderr(child, "paused after 5 batches");
      child.kill("SIGINT");
      const r = await done;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/^db-transfer: interrupted; the target was rolled back$/m);
      expect(await rowCounts(target)).toEqual(EMPTY);
    }
  });
});
