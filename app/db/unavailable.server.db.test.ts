// The classifier against errors raised by the real drivers through Prisma, on both engines.
import { describe, expect, inject, it } from "vitest";
import { createDatabase } from "~/db/client.server";
import { parseEnv } from "~/env.server";
import { describeEachEngine, openTestDatabase } from "~test/engines";
import { databaseUnavailable } from "./unavailable.server";

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the query to fail");
}

const newUser = (name = "u") => ({ data: { displayName: name, avatarUrl: "/a.svg", email: `${name}@example.com` } });

describeEachEngine("databaseUnavailable", (t) => {
  it("ignores ordinary query errors (a unique violation is the caller's business)", async () => {
    await t().db.user.create(newUser("dup"));
    const err = await caught(t().db.user.create(newUser("dup")));
    expect(databaseUnavailable(err)).toBeNull();
    expect(databaseUnavailable(new Error("boom"))).toBeNull();
  });

  it("recognises a read-only database", async () => {
    if (t().provider === "sqlite") {
      // query_only makes this connection refuse writes with SQLITE_READONLY
      const d = await openTestDatabase("sqlite", t().url);
      try {
        await d.client.$executeRawUnsafe("PRAGMA query_only = 1");
        const err = await caught(d.client.user.create(newUser("ro")));
        expect(databaseUnavailable(err)).toMatchObject({ reason: "read_only", status: 503 });
      } finally {
        await d.close();
      }
    } else {
      // like a replica or a database switched to read-only: new connections refuse writes (25006)
      const name = new URL(t().url).pathname.slice(1);
      await t().db.$executeRawUnsafe(`ALTER DATABASE "${name}" SET default_transaction_read_only = on`);
      const d = await openTestDatabase("postgresql", t().url);
      try {
        const err = await caught(d.client.user.create(newUser("ro")));
        expect(databaseUnavailable(err)).toMatchObject({ reason: "read_only", status: 503 });
      } finally {
        await d.close();
        await t().db.$executeRawUnsafe(`ALTER DATABASE "${name}" RESET default_transaction_read_only`);
      }
    }
  });
});

// PostgreSQL has no safe way to fill a shared server's disk from a test: SQLite only.
describeEachEngine(
  "databaseUnavailable (storage full)",
  (t) => {
    it("recognises full storage (SQLite: the real SQLITE_FULL via max_page_count) as 507", async () => {
      const d = await openTestDatabase("sqlite", t().url);
      try {
        const pages = await d.client.$queryRawUnsafe<{ page_count: bigint | number }[]>("PRAGMA page_count");
        await d.client.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(pages[0]!.page_count)}`);
        const err = await caught(d.client.user.createMany({ data: Array.from({ length: 200 }, (_, i) => newUser(`full${i}`).data) }));
        expect(databaseUnavailable(err)).toMatchObject({ reason: "storage_full", status: 507, code: "SQLITE_FULL" });
      } finally {
        await d.close();
      }
    });
  },
  ["sqlite"],
);

describe("databaseUnavailable (connection failures)", () => {
  it("recognises an unreachable PostgreSQL server (nothing listens on the port)", async () => {
    const url = "postgresql://postgres@127.0.0.1:9/none";
    const d = createDatabase({ ...parseEnv({ NODE_ENV: "test", DATABASE_URL: url }) });
    try {
      const err = await caught(d.client.user.count());
      expect(databaseUnavailable(err)).toMatchObject({ reason: "unreachable", status: 503 });
    } finally {
      await d.close();
    }
  });

  it("cancels a PostgreSQL statement past DATABASE_STATEMENT_TIMEOUT_MS, as busy (503), and the pool goes on", async () => {
    const url = inject("pgAdminUrl");
    const d = createDatabase({ ...parseEnv({ NODE_ENV: "test", DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT_MS: "200", DATABASE_POOL_MAX: "1" }) });
    try {
      const t0 = performance.now();
      const err = await caught(d.client.$queryRawUnsafe("select pg_sleep(5)"));
      expect(performance.now() - t0).toBeLessThan(3000);
      expect(databaseUnavailable(err)).toMatchObject({ reason: "busy", status: 503, code: "57014" });
      // the only pooled connection is still usable, through Prisma and through a prepared read
      expect(await d.client.$queryRawUnsafe<{ one: number }[]>("select 1 as one")).toEqual([{ one: 1 }]);
      expect(await d.prepareRead("test_after_timeout", "SELECT $1::int AS one")(7)).toEqual([{ one: 7 }]);
      const err2 = await caught(d.prepareRead("test_sleep", "SELECT pg_sleep($1)")(5));
      expect(databaseUnavailable(err2)).toMatchObject({ reason: "busy", code: "57014" });
    } finally {
      await d.close();
    }
  });

  it("follows causes and recognises node-postgres's connection messages", () => {
    const nested = new Error("outer", { cause: Object.assign(new Error("inner"), { code: "ECONNRESET" }) });
    expect(databaseUnavailable(nested)).toMatchObject({ reason: "unreachable", code: "ECONNRESET" });
    expect(databaseUnavailable(new Error("Connection terminated unexpectedly"))).toMatchObject({ reason: "unreachable" });
    expect(databaseUnavailable({ code: "SQLITE_READONLY_DBMOVED" })).toMatchObject({ reason: "read_only" });
  });
});
