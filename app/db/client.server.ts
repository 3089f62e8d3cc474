// The database client factory: the ONE place (with scripts/db-schema.ts) that knows which engine runs.
// The provider is read from DATABASE_URL at start, so one build serves SQLite or PostgreSQL and a
// restart with another URL switches engines (the rollback plan), no rebuild.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { databaseEnv, type DatabaseEnv } from "../env.server";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { pgPoolConfig } from "./pg-config.server";
import { emitQuery, observeQueries, QUERY_LOG } from "./query-events.server";
import { sqlitePath, type Provider } from "./provider";

/**
 * The app's one client type. Both generated clients expose the same model API (they come from one
 * template); they differ only nominally, so the PostgreSQL client is typed as this one.
 */
export type Db = SqliteClient;

/** Values a prepared read takes, in the order of its $1, $2 … placeholders. */
export type SqlParam = string | number | null;

/**
 * A read statement prepared once and run many times, straight on the driver. For the few reads on
 * every request's path (the session lookup): Prisma's query layer and the SQLite adapter's
 * per-call `prepare` cost more CPU than the query itself there. Write portable SQL with $1, $2 …
 * placeholders and the mapped table/column names; rows come back as the driver returns them
 * (PostgreSQL timestamps as Date, SQLite's as Prisma stored them), so callers normalise.
 */
export type PreparedRead = <Row>(...params: SqlParam[]) => Promise<Row[]>;

export interface Database {
  provider: Provider;
  client: Db;
  /**
   * `name` identifies the statement (PostgreSQL prepares it under that name on each connection);
   * one name, one SQL text. Every run is reported as a query event, like Prisma's own queries.
   */
  prepareRead(name: string, sql: string): PreparedRead;
  /**
   * `column` for an ORDER BY that compares text by code point, as SQLite does, whatever collation the
   * PostgreSQL database was created with (Cloud SQL's default en_US sorts "_x" before "A", "a" before "B").
   * The one place where raw SQL differs between the engines.
   */
  textOrder(column: string): string;
  /** The pg pool (PostgreSQL only), for pool metrics. */
  pool?: pg.Pool;
  /** SQLite file path (SQLite only), for size metrics and backups. */
  file?: string;
  close(): Promise<void>;
}

type DbEnv = Pick<
  DatabaseEnv,
  "DATABASE_URL" | "DATABASE_PROVIDER" | "DATABASE_POOL_MAX" | "DATABASE_SSL_CA" | "DATABASE_STATEMENT_TIMEOUT_MS" | "SQLITE_BUSY_TIMEOUT_MS" | "MAINTENANCE_MODE"
>;

/**
 * A timestamp as a prepared read returns it: a Date (PostgreSQL), Prisma's ISO text or epoch ms
 * (SQLite), or SQLite's own CURRENT_TIMESTAMP form "YYYY-MM-DD HH:MM:SS" (a column default filled
 * by a migration), which is UTC although it carries no zone.
 */
export function readDate(v: Date | string | number): Date {
  if (v instanceof Date) return v;
  if (typeof v === "string" && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(v)) return new Date(`${v.replace(" ", "T")}Z`);
  return new Date(v);
}

/** SQLite settings applied to every connection the adapter opens. */
export function sqlitePragmas(busyTimeoutMs: number, readOnly = false): string {
  return [
    "PRAGMA journal_mode = WAL", // readers don't block the writer
    "PRAGMA synchronous = NORMAL", // safe with WAL, far fewer fsyncs
    `PRAGMA busy_timeout = ${busyTimeoutMs}`,
    "PRAGMA foreign_keys = ON", // ON DELETE CASCADE needs it
    // MAINTENANCE_MODE=read-only: the connection refuses writes (last, after journal_mode)
    ...(readOnly ? ["PRAGMA query_only = ON"] : []),
  ].join(";\n");
}

/**
 * SQLite placeholders: `$n` becomes `?`, and the order of the `$n` in the text says which value each
 * `?` takes (better-sqlite3 binds `?` by position and reads `?NNN`/`$x` as named parameters).
 */
export function toSqlitePlaceholders(sql: string): { sql: string; order: number[] } {
  const order: number[] = [];
  const out = sql.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return "?";
  });
  return { sql: out, order };
}

/** prepareRead takes reads only: a write there would bypass Prisma's transactions and the SQLite writer. */
function assertRead(name: string, sql: string): void {
  if (!/^\s*(SELECT|WITH)\b/i.test(sql)) throw new Error(`prepareRead(${name}): only SELECT statements may be prepared here`);
}

function timed<Row>(sql: string, run: () => Promise<Row[]> | Row[]): Promise<Row[]> {
  const t0 = performance.now();
  return Promise.resolve()
    .then(run)
    .finally(() => emitQuery({ query: sql, duration: performance.now() - t0 }));
}

/**
 * Prepared reads on SQLite run on a connection of their own, opened on first use and read-only by
 * pragma (query_only): the adapter's connection keeps every write, WAL lets both read at once.
 */
function sqlitePreparedReads(file: string, busyTimeoutMs: number) {
  let conn: BetterSqlite3.Database | undefined;
  const connection = () => {
    if (!conn) {
      conn = new BetterSqlite3(file, { timeout: busyTimeoutMs });
      conn.pragma("query_only = ON");
    }
    return conn;
  };
  const prepareRead = (name: string, text: string): PreparedRead => {
    assertRead(name, text);
    const { sql, order } = toSqlitePlaceholders(text);
    let stmt: BetterSqlite3.Statement | undefined;
    return <Row>(...params: SqlParam[]) =>
      timed(text, () => {
        stmt ??= connection().prepare(sql);
        return stmt.all(...order.map((i) => params[i])) as Row[];
      });
  };
  return { prepareRead, close: () => conn?.close() };
}

export function createDatabase(e: DbEnv = databaseEnv()): Database {
  if (e.DATABASE_PROVIDER === "sqlite") {
    const file = path.resolve(sqlitePath(e.DATABASE_URL));
    mkdirSync(path.dirname(file), { recursive: true });
    const factory = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: e.SQLITE_BUSY_TIMEOUT_MS });
    const pragmas = sqlitePragmas(e.SQLITE_BUSY_TIMEOUT_MS, e.MAINTENANCE_MODE === "read-only");
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
    const reads = sqlitePreparedReads(file, e.SQLITE_BUSY_TIMEOUT_MS);
    return {
      provider: "sqlite",
      client,
      file,
      prepareRead: reads.prepareRead,
      // SQLite's default collation (BINARY) already compares code points
      textOrder: (column) => column,
      close: async () => {
        reads.close();
        await client.$disconnect();
      },
    };
  }

  const pool = new pg.Pool(
    pgPoolConfig(e.DATABASE_URL, {
      poolMax: e.DATABASE_POOL_MAX,
      ca: e.DATABASE_SSL_CA,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      readOnly: e.MAINTENANCE_MODE === "read-only",
    }),
  );
  // An idle client losing its connection (server restart, network cut) must not crash the process.
  pool.on("error", () => {});
  const pgClient = new PostgresClient({ adapter: new PrismaPg(pool), log: QUERY_LOG });
  observeQueries(pgClient); // query durations and slow-query log (app/observability)
  const client = pgClient as unknown as Db;
  return {
    provider: "postgresql",
    client,
    pool,
    textOrder: (column) => `${column} COLLATE "C"`,
    // a named statement is parsed and planned once per pooled connection
    prepareRead: (name, text) => {
      assertRead(name, text);
      return <Row>(...values: SqlParam[]) => timed(text, async () => (await pool.query({ name, text, values })).rows as Row[]);
    },
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

/**
 * A read prepared once per database (tests swap databases) on first use, through the current
 * database's prepareRead. `sql` may depend on the database (Database.textOrder).
 */
export function preparedRead(name: string, sql: string | ((d: Database) => string)): PreparedRead {
  const byDatabase = new WeakMap<Database, PreparedRead>();
  return <Row>(...params: SqlParam[]) => {
    const d = database();
    let q = byDatabase.get(d);
    if (!q) byDatabase.set(d, (q = d.prepareRead(name, typeof sql === "string" ? sql : sql(d))));
    return q<Row>(...params);
  };
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
