import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { findPgBin, startTlsPostgres, type TlsPostgres } from "~/test/tls-postgres";
import { describeEachEngine } from "~/test/engines";
import { createDatabase, database, type Database } from "./client.server";

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

  it("keeps one client per process", () => {
    expect(database()).toBe(t().database);
    expect(database().client).toBe(t().db);
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
    const a = open({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres", DATABASE_POOL_MAX: "3" });
    const b = open({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" });
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
    await expect(sslInUse({ DATABASE_URL: url("127.0.0.1", "sslmode=verify-full"), DATABASE_SSL_CA: server.caPem })).rejects.toThrow();
  });
  it("sslmode=verify-ca checks the chain but not the host name", async () => {
    expect(await sslInUse({ DATABASE_URL: url("127.0.0.1", "sslmode=verify-ca"), DATABASE_SSL_CA: server.caPem })).toBe(true);
  });
});
