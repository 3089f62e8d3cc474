// Builds previous-app databases the way that app made them, for the tests and the benchmark: Drizzle's
// migrator applies the old app's migration, Drizzle writes the rows (Dates become epoch seconds on
// SQLite, UTC wall-clock `timestamp` text on PostgreSQL), and SQLite runs without foreign keys, as
// libsql did for the old app, so orphan rows can exist there.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { adminUrl, createDatabaseFromTemplate, dropDatabase, uniqueName } from "~test/pg-admin";
import type { Provider } from "~/db/provider";
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";

export interface LegacyUser {
  id: string;
  displayName: string;
  avatarUrl: string;
  role?: string;
  email: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface LegacyAccount {
  id: string;
  userId: string;
  type?: string;
  provider?: string;
  providerAccountId: string;
  refreshToken?: string | null;
  accessToken?: string | null;
  expiresAt?: number | null;
  tokenType?: string | null;
  scope?: string | null;
  idToken?: string | null;
  sessionState?: string | null;
}

export interface LegacySession {
  id: string;
  userId: string;
  sessionToken: string;
  expires: Date;
}

export interface LegacyToken {
  identifier: string;
  token: string;
  expires: Date;
}

export interface LegacyData {
  users?: LegacyUser[];
  accounts?: LegacyAccount[];
  sessions?: LegacySession[];
  tokens?: LegacyToken[];
}

const MIGRATIONS = path.join(import.meta.dirname, "drizzle");

/** A new, empty previous-app database of that engine, migrated by Drizzle's migrator. */
export async function createLegacyDatabase(engine: Provider): Promise<{ url: string; dispose: () => Promise<void> }> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "suzumina-legacy-"));
    const file = path.join(dir, "legacy.db");
    const sqlite = new Database(file);
    try {
      migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: path.join(MIGRATIONS, "sqlite") });
    } finally {
      sqlite.close();
    }
    return { url: `file:${file}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = adminUrl();
  const name = uniqueName("legacy");
  const url = await createDatabaseFromTemplate(admin, name);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migratePg(drizzlePg(pool), { migrationsFolder: path.join(MIGRATIONS, "postgresql") });
  } finally {
    await pool.end();
  }
  return { url, dispose: () => dropDatabase(admin, name) };
}

function chunks<T>(rows: T[] | undefined, size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; rows && i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// Rows per INSERT: under SQLite's bound-parameter limit for the widest table (accounts, 12 columns).
const PER_INSERT = 1000;

/** Writes rows through Drizzle, as the old app's adapter did (parents first). */
export async function insertLegacy(url: string, engine: Provider, data: LegacyData): Promise<void> {
  if (engine === "sqlite") {
    const sqlite = new Database(url.replace(/^file:/, ""));
    sqlite.pragma("foreign_keys = OFF"); // libsql's default, which the old app kept
    const db = drizzleSqlite(sqlite, { schema: sqliteSchema });
    try {
      db.transaction((tx) => {
        for (const c of chunks(data.users, PER_INSERT)) tx.insert(sqliteSchema.users).values(c).run();
        for (const c of chunks(data.accounts, PER_INSERT)) tx.insert(sqliteSchema.accounts).values(c.map(withAccountDefaults)).run();
        for (const c of chunks(data.sessions, PER_INSERT)) tx.insert(sqliteSchema.sessions).values(c).run();
        for (const c of chunks(data.tokens, PER_INSERT)) tx.insert(sqliteSchema.verificationTokens).values(c).run();
      });
    } finally {
      sqlite.close();
    }
    return;
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = drizzlePg(pool, { schema: pgSchema });
  try {
    await db.transaction(async (tx) => {
      for (const c of chunks(data.users, PER_INSERT)) await tx.insert(pgSchema.users).values(c);
      for (const c of chunks(data.accounts, PER_INSERT)) await tx.insert(pgSchema.accounts).values(c.map(withAccountDefaults));
      for (const c of chunks(data.sessions, PER_INSERT)) await tx.insert(pgSchema.sessions).values(c);
      for (const c of chunks(data.tokens, PER_INSERT)) await tx.insert(pgSchema.verificationTokens).values(c);
    });
  } finally {
    await pool.end();
  }
}

/** NextAuth's adapter wrote type "oauth" and the provider's name (Discord for almost everyone). */
const withAccountDefaults = (a: LegacyAccount) => ({ type: "oauth", provider: "discord", ...a });
