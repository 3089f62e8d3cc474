// PostgreSQL housekeeping for tests and scripts: reach the server, create/drop throwaway databases,
// apply migrations with the Prisma CLI.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");

export const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** TEST_DATABASE_URL names a database on a server where the user may CREATE DATABASE. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;
}

export function uniqueName(prefix: string): string {
  return `suz_${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function ensurePostgres(url: string): Promise<void> {
  try {
    await withClient(url, (c) => c.query("select 1"));
  } catch (e) {
    const safe = url.replace(/:[^:@/]*@/, ":***@");
    throw new Error(
      `PostgreSQL is not reachable at ${safe} (${(e as Error).message}). ` +
        "Start it, or unset TEST_DATABASE_URL: the test commands then use the server on 127.0.0.1:5432, " +
        "or start an embedded one when none answers there.",
    );
  }
}

/** CREATE DATABASE name [TEMPLATE template]. */
export async function createDatabaseFromTemplate(admin: string, name: string, template?: string): Promise<string> {
  await withClient(admin, async (c) => {
    const tpl = template ? ` TEMPLATE "${template}"` : "";
    // A template must have no other connections; retry briefly if one is closing.
    for (let i = 0; ; i++) {
      try {
        await c.query(`CREATE DATABASE "${name}"${tpl}`);
        return;
      } catch (e) {
        if (i > 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return withDatabase(admin, name);
}

/** Drops a database (and, with prefix, every database whose name starts with it). */
export async function dropDatabase(admin: string, name: string, opts: { prefix?: string } = {}): Promise<void> {
  await withClient(admin, async (c) => {
    const names = new Set([name]);
    if (opts.prefix) {
      const r = await c.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${opts.prefix}%`]);
      for (const row of r.rows) names.add(row.datname);
    }
    for (const n of names) await c.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
  });
}

/** `prisma migrate deploy` against url (provider picked by prisma.config.ts from the URL). */
export async function migrate(url: string): Promise<void> {
  try {
    await run(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed for ${url}:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}
