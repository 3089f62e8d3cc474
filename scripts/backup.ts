// `npm run db:backup -- <file>`: a consistent copy of the SQLite database while the app keeps serving,
// through SQLite's online backup API (better-sqlite3's db.backup). All pages are copied in one step under
// one read transaction, so the copy is a snapshot of a single moment; in WAL mode writers are not blocked.
// The copy is checked (PRAGMA integrity_check) before it replaces <file>.
// PostgreSQL is backed up by Cloud SQL (automatic backups + point-in-time recovery) or pg_dump:
// see docs/deploy-cloud-run.md#backups.
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import "dotenv/config";
import { DEFAULT_DEV_DATABASE_URL, providerOf, redactUrl, sqlitePath } from "../app/db/provider";

const ALL_PAGES = 0x7fffffff;

function fail(message: string, code = 1): never {
  console.error(`db:backup: ${message}`);
  process.exit(code);
}

const args = process.argv.slice(2);
const force = args.includes("--force");
const target = args.find((a) => !a.startsWith("--"));
if (!target) fail("usage: npm run db:backup -- <file> [--force]", 64);

const url = process.env.DATABASE_URL || (process.env.NODE_ENV === "production" ? undefined : DEFAULT_DEV_DATABASE_URL);
if (!url) fail("DATABASE_URL is not set");
let provider;
try {
  provider = providerOf(url);
} catch (e) {
  fail((e as Error).message);
}
if (provider !== "sqlite") {
  fail(
    `DATABASE_URL (${redactUrl(url)}) is PostgreSQL: use Cloud SQL backups / point-in-time recovery, or ` +
      "pg_dump --format=custom (docs/deploy-cloud-run.md#backups). This command copies SQLite files only.",
    2,
  );
}

const source = path.resolve(sqlitePath(url));
const dest = path.resolve(target);
if (!existsSync(source)) fail(`no database at ${source}`);
if (dest === source) fail("the backup file must not be the database itself");
if (existsSync(dest) && !force) fail(`${dest} exists (add --force to replace it)`);
if (!existsSync(path.dirname(dest))) fail(`folder ${path.dirname(dest)} does not exist`);

const partial = `${dest}.partial-${process.pid}`;
const started = performance.now();
const db = new Database(source, { fileMustExist: true });
try {
  db.pragma(`busy_timeout = ${Number(process.env.SQLITE_BUSY_TIMEOUT_MS) || 5000}`);
  const { totalPages } = await db.backup(partial, { progress: () => ALL_PAGES });
  const copy = new Database(partial, { fileMustExist: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`integrity_check of the copy: ${String(check)}`);
    // A standalone file: fold the copy's WAL (if any) into it.
    copy.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    copy.close();
  }
  for (const f of [`${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  renameSync(partial, dest);
  const ms = Math.round(performance.now() - started);
  const kb = Math.round(statSync(dest).size / 1024);
  console.log(`db:backup: ${source} → ${dest} (${totalPages} pages, ${kb} KB, integrity ok) in ${ms} ms`);
} catch (e) {
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  fail((e as Error).message);
} finally {
  db.close();
}
