import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseEnv } from "~/env.server";
import { findPgBin, startTlsPostgres, type TlsPostgres } from "~test/tls-postgres";
import { describeEachEngine } from "~test/engines";
import { createDatabase, database, toSqlitePlaceholders, type Database } from "./client.server";
import { onQuery, type QueryEvent } from "./query-events.server";

const open = (vars: Record<string, string>) => createDatabase(parseEnv({ NODE_ENV: "test", ...vars }));

describeEachEngine("database client", (t) => {
  it("round-trips through the adapter of the URL's engine", async () => {
    expect(t().database.provider).toBe(t().provider);
    const u = await t().db.user.create({ data: { displayName: "テスト", avatarUrl: "/a.svg" } });
    expect((await t().db.user.findUniqueOrThrow({ where: { id: u.id } })).displayName).toBe("テスト");
  });

  it("enforces foreign keys", async () => {
    await expect(
      t().db.session.create({ data: { userId: "no-such-user", sessionToken: `x${Math.random()}`, expires: new Date() } }),
    ).rejects.toThrow();
  });

  it("prepared reads: $n placeholders in any order and repeated, reused across runs, each run a query event", async () => {
    const a = await t().db.user.create({ data: { displayName: "あ", avatarUrl: "/a.svg", email: "a@example.com" } });
    await t().db.user.create({ data: { displayName: "い", avatarUrl: "/i.svg", email: "i@example.com" } });
    const read = t().database.prepareRead(
      "test_users_by_name_or_email",
      `SELECT id AS "id", display_name AS "displayName" FROM users WHERE email = $2 OR (display_name = $1 AND email <> $2) ORDER BY display_name`,
    );
    const events: QueryEvent[] = [];
    const off = onQuery((e) => events.push(e));
    try {
      expect(await read<{ id: string; displayName: string }>("い", "a@example.com")).toEqual([
        { id: a.id, displayName: "あ" },
        { id: expect.any(String), displayName: "い" },
      ]);
      expect(await read("nobody", "nobody@example.com")).toEqual([]);
      // rows written after the statement was prepared are seen (no stale snapshot)
      const u = await t().db.user.create({ data: { displayName: "う", avatarUrl: "/u.svg", email: "u@example.com" } });
      expect(await read("x", "u@example.com")).toEqual([{ id: u.id, displayName: "う" }]);
    } finally {
      off();
    }
    const mine = events.filter((e) => e.query.startsWith("SELECT id AS"));
    expect(mine).toHaveLength(3); // the create in between reports its own INSERT
    expect(mine.every((e) => e.duration >= 0)).toBe(true);
  });

  it("prepared reads only read, and report driver errors as rejections", async () => {
    expect(() => t().database.prepareRead("test_write_attempt", `DELETE FROM users WHERE id = $1`)).toThrow(/only SELECT/);
    expect(() => t().database.prepareRead("test_write_attempt", `UPDATE users SET role = $1`)).toThrow(/only SELECT/);
    const broken = t().database.prepareRead("test_no_such_table", `SELECT * FROM no_such_table WHERE id = $1`);
    await expect(broken("x")).rejects.toThrow(/no_such_table/);
  });

  it("keeps one client per process", () => {
    expect(database()).toBe(t().database);
    expect(database().client).toBe(t().db);
  });
});

describe("SQLite placeholders", () => {
  it("turns $n into ? with the order of values to bind", () => {
    expect(toSqlitePlaceholders("a = $2 OR b = $1 OR c = $2")).toEqual({ sql: "a = ? OR b = ? OR c = ?", order: [1, 0, 1] });
    expect(toSqlitePlaceholders("select 1")).toEqual({ sql: "select 1", order: [] });
  });
});

describe("SQLite specifics", () => {
  let dir: string;
  let d: Database | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "suz-sqlite-"));
  });
  afterAll(async () => {
    await d?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the file's folder and runs with WAL, busy timeout and foreign keys", async () => {
    const file = path.join(dir, "nested", "deeper", "app.db");
    d = open({ DATABASE_URL: `file:${file}`, SQLITE_BUSY_TIMEOUT_MS: "4321" });
    const rows = await d.client.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(rows[0].journal_mode).toBe("wal");
    const fk = await d.client.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
    expect(Number(fk[0].foreign_keys)).toBe(1);
    const bt = await d.client.$queryRawUnsafe<{ timeout: bigint | number }[]>("PRAGMA busy_timeout");
    expect(Number(bt[0].timeout)).toBe(4321);
    expect(existsSync(file)).toBe(true);
  });
});

describe("PostgreSQL connection options", () => {
  const socketDir = "/var/run/postgresql";
  it.skipIf(!existsSync(socketDir))("connects over a unix socket given as ?host=/dir (Cloud SQL style)", async () => {
    const d = open({ DATABASE_URL: `postgresql://postgres@localhost/postgres?host=${socketDir}` });
    try {
      const r = await d.client.$queryRawUnsafe<{ addr: string | null }[]>("select inet_client_addr()::text as addr");
      expect(r[0].addr).toBeNull(); // NULL = not a TCP connection
    } finally {
      await d.close();
    }
  });

  it("sizes the pool from DATABASE_POOL_MAX (default 10)", async () => {
    const a = open({ DATABASE_URL: inject("pgAdminUrl"), DATABASE_POOL_MAX: "3" });
    const b = open({ DATABASE_URL: inject("pgAdminUrl") });
    try {
      expect(a.pool?.options.max).toBe(3);
      expect(b.pool?.options.max).toBe(10);
      // Three concurrent sleeps on a pool of 3 use exactly 3 connections, a fourth waits.
      await Promise.all([1, 2, 3, 4].map(() => a.client.$queryRawUnsafe("select 1 as one from pg_sleep(0.2)")));
      expect(a.pool?.totalCount).toBeLessThanOrEqual(3);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe.skipIf(!findPgBin())("PostgreSQL sslmode against a TLS server", () => {
  let server: TlsPostgres;
  beforeAll(async () => {
    server = await startTlsPostgres();
  }, 60_000);
  afterAll(() => server?.stop());

  const sslInUse = async (vars: Record<string, string>) => {
    const d = open(vars);
    try {
      const r = await d.client.$queryRawUnsafe<{ ssl: boolean }[]>("select ssl from pg_stat_ssl where pid = pg_backend_pid()");
      return r[0].ssl;
    } finally {
      await d.close();
    }
  };
  const url = (host: string, q: string) => `postgresql://postgres@${host}:${server.port}/postgres?${q}`;

  it("sslmode=disable connects in plain text", async () => {
    expect(await sslInUse({ DATABASE_URL: url("127.0.0.1", "sslmode=disable") })).toBe(false);
  });
  it("sslmode=require encrypts without verifying the certificate", async () => {
    expect(await sslInUse({ DATABASE_URL: url("127.0.0.1", "sslmode=require") })).toBe(true);
  });
  it("sslmode=verify-full with the CA from DATABASE_SSL_CA verifies chain and host name", async () => {
    expect(await sslInUse({ DATABASE_URL: url("localhost", "sslmode=verify-full"), DATABASE_SSL_CA: server.caPem })).toBe(true);
  });
  it("sslmode=verify-full refuses a certificate not signed by a trusted CA", async () => {
    await expect(sslInUse({ DATABASE_URL: url("localhost", "sslmode=verify-full") })).rejects.toThrow();
  });
  it("sslmode=verify-full refuses a host name the certificate does not name", async () => {
    await expect(sslInUse({ DATABASE_URL: url("127.0.0.2", "sslmode=verify-full"), DATABASE_SSL_CA: server.caPem })).rejects.toThrow();
  });
  it("sslmode=verify-ca checks the chain but not the host name", async () => {
    expect(await sslInUse({ DATABASE_URL: url("127.0.0.2", "sslmode=verify-ca"), DATABASE_SSL_CA: server.caPem })).toBe(true);
  });
});
