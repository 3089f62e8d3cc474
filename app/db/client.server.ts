// The database client factory: the ONE place (with scripts/db-schema.ts) that knows which engine runs.
// The provider is read from DATABASE_URL at start, so one build serves SQLite or PostgreSQL and a
// restart with another URL switches engines (the rollback plan), no rebuild.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { env, type Env } from "../env.server";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { pgPoolConfig } from "./pg-config.server";
import { observeQueries, QUERY_LOG } from "./query-events.server";
import { sqlitePath, type Provider } from "./provider";

/**
 * The app's one client type. Both generated clients expose the same model API (they come from one
 * template); they differ only nominally, so the PostgreSQL client is typed as this one.
 */
export type Db = SqliteClient;

export interface Database {
  provider: Provider;
  client: Db;
  /** The pg pool (PostgreSQL only), for pool metrics. */
  pool?: pg.Pool;
  /** SQLite file path (SQLite only), for size metrics and backups. */
  file?: string;
  close(): Promise<void>;
}

type DbEnv = Pick<Env, "DATABASE_URL" | "DATABASE_PROVIDER" | "DATABASE_POOL_MAX" | "DATABASE_SSL_CA" | "SQLITE_BUSY_TIMEOUT_MS">;

/** SQLite settings applied to every connection the adapter opens. */
export function sqlitePragmas(busyTimeoutMs: number): string {
  return [
    "PRAGMA journal_mode = WAL", // readers don't block the writer
    "PRAGMA synchronous = NORMAL", // safe with WAL, far fewer fsyncs
    `PRAGMA busy_timeout = ${busyTimeoutMs}`,
    "PRAGMA foreign_keys = ON", // ON DELETE CASCADE needs it
  ].join(";\n");
}

export function createDatabase(e: DbEnv = env()): Database {
  if (e.DATABASE_PROVIDER === "sqlite") {
    const file = path.resolve(sqlitePath(e.DATABASE_URL));
    mkdirSync(path.dirname(file), { recursive: true });
    const factory = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: e.SQLITE_BUSY_TIMEOUT_MS });
    const pragmas = sqlitePragmas(e.SQLITE_BUSY_TIMEOUT_MS);
    // Wrap connect() so every connection gets the pragmas before its first query.
    const withPragmas = {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => {
        const adapter = await factory.connect();
        await adapter.executeScript(pragmas);
        return adapter;
      },
      connectToShadowDb: () => factory.connectToShadowDb(),
    } satisfies SqlMigrationAwareDriverAdapterFactory;
    const client = new SqliteClient({ adapter: withPragmas, log: QUERY_LOG });
    observeQueries(client);
    return { provider: "sqlite", client, file, close: () => client.$disconnect() };
  }

  const pool = new pg.Pool(pgPoolConfig(e.DATABASE_URL, { poolMax: e.DATABASE_POOL_MAX, ca: e.DATABASE_SSL_CA }));
  // An idle client losing its connection (server restart, network cut) must not crash the process.
  pool.on("error", () => {});
  const pgClient = new PostgresClient({ adapter: new PrismaPg(pool), log: QUERY_LOG });
  observeQueries(pgClient); // query durations and slow-query log (app/observability)
  const client = pgClient as unknown as Db;
  return {
    provider: "postgresql",
    client,
    pool,
    close: async () => {
      await client.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

// One instance per process, kept on globalThis so `remix dev` rebuilds don't open new pools.
const g = globalThis as typeof globalThis & { __suzuminaDb?: Database };

export function database(): Database {
  return (g.__suzuminaDb ??= createDatabase());
}

/** The Prisma client of this process. Only app/models and app/db use it. */
export function db(): Db {
  return database().client;
}

/** Replace the process's database (tests point it at a throwaway database). */
export function setDatabase(d: Database | undefined): void {
  g.__suzuminaDb = d;
}

export async function closeDatabase(): Promise<void> {
  const d = g.__suzuminaDb;
  g.__suzuminaDb = undefined;
  await d?.close();
}
