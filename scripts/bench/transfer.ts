/**
 * npm run bench -- transfer [--rows N]
 *
 * Builds a migrated SQLite file with N rows (default 500,000: 20% users, 20% accounts, 50% sessions,
 * 10% verification tokens) in Prisma's own storage format, then, in the same run:
 *   1. `npm run db:transfer` (the whole command, verification included) into a migrated PostgreSQL database;
 *   2. pgloader (Debian package) on the same file into another, empty, database.
 * Prints rows/s of both and the ratio, and what pgloader's result gets wrong against the Prisma schema.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import pg from "pg";
import { adminUrl, createDatabaseFromTemplate, dropDatabase, ensurePostgres, migrate, uniqueName } from "~test/pg-admin";
import { fillSqlite } from "../transfer/fixture";
import { TABLES } from "../transfer/tables";
import { checksums } from "../transfer/transfer";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function timed(cmd: string, args: string[]): Promise<{ ms: number; out: string; ok: boolean }> {
  const t0 = performance.now();
  try {
    const r = await exec(cmd, args, { cwd: ROOT, maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: "0" } });
    return { ms: performance.now() - t0, out: r.stdout + r.stderr, ok: true };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ms: performance.now() - t0, out: `${err.stdout ?? ""}${err.stderr ?? ""}`, ok: false };
  }
}

interface ColumnInfo {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  datetime_precision: number | null;
}

async function describeSchema(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cols = await c.query<ColumnInfo>(
      `select table_name, column_name, data_type, is_nullable, datetime_precision from information_schema.columns
        where table_schema not in ('pg_catalog', 'information_schema') order by table_name, ordinal_position`,
    );
    const idx = await c.query<{ name: string }>(`select indexname as name from pg_indexes where schemaname not in ('pg_catalog') order by 1`);
    const fks = await c.query<{ name: string; def: string }>(`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'f' order by 1`);
    const tables = await c.query<{ t: string; s: string }>(`select table_name as t, table_schema as s from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`);
    return { cols: cols.rows, indexes: idx.rows.map((r) => r.name), fks: fks.rows, tables: tables.rows };
  } finally {
    await c.end();
  }
}

/** What differs between pgloader's database and the one `prisma migrate deploy` makes. */
async function pgloaderDifferences(prismaUrl: string, pgloaderUrl: string): Promise<string[]> {
  const [want, got] = [await describeSchema(prismaUrl), await describeSchema(pgloaderUrl)];
  const out: string[] = [];
  const schemas = [...new Set(got.tables.map((t) => t.s))];
  if (!schemas.includes("public")) out.push(`tables land in schema ${schemas.join(", ")}, not public (the app would not find them)`);
  if (!got.tables.some((t) => t.t === "_prisma_migrations")) out.push("no _prisma_migrations table: `prisma migrate deploy` would try to create the tables again");
  const key = (c: ColumnInfo) => `${c.table_name}.${c.column_name}`;
  const gotBy = new Map(got.cols.map((c) => [key(c), c]));
  const typeDiffs: string[] = [];
  const nullDiffs: string[] = [];
  for (const w of want.cols.filter((c) => c.table_name !== "_prisma_migrations")) {
    const g = gotBy.get(key(w));
    if (!g) {
      out.push(`column ${key(w)} missing`);
      continue;
    }
    const wt = `${w.data_type}${w.datetime_precision !== null && w.data_type.startsWith("timestamp") ? `(${w.datetime_precision})` : ""}`;
    const gt = `${g.data_type}${g.datetime_precision !== null && g.data_type.startsWith("timestamp") ? `(${g.datetime_precision})` : ""}`;
    if (wt !== gt) typeDiffs.push(`${key(w)} ${gt} (Prisma: ${wt})`);
    if (w.is_nullable === "NO" && g.is_nullable === "YES") nullDiffs.push(key(w));
  }
  if (typeDiffs.length) out.push(`column types differ: ${typeDiffs.join("; ")}`);
  if (nullDiffs.length) out.push(`NOT NULL dropped on ${nullDiffs.length} columns: ${nullDiffs.join(", ")}`);
  const missingIdx = want.indexes.filter((i) => !got.indexes.includes(i) && !i.startsWith("_prisma_migrations"));
  if (missingIdx.length) out.push(`indexes not under Prisma's names (${missingIdx.length}): ${missingIdx.join(", ")}; pgloader has ${got.indexes.join(", ")}`);
  const gotFks = new Set(got.fks.map((f) => f.def));
  const missingFk = want.fks.filter((f) => !gotFks.has(f.def));
  if (missingFk.length) out.push(`foreign keys differ: ${missingFk.map((f) => `${f.name} (${f.def})`).join("; ")}`);
  return out;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { rows: { type: "string", default: "500000" } } });
  const total = Number(values.rows);
  const size = { users: Math.round(total * 0.2), accounts: Math.round(total * 0.2), sessions: Math.round(total * 0.5), tokens: 0 };
  size.tokens = total - size.users - size.accounts - size.sessions;

  const admin = adminUrl();
  await ensurePostgres(admin);
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-bench-"));
  const file = path.join(dir, "source.db");
  const oursDb = uniqueName("bench_ours");
  const loaderDb = uniqueName("bench_pgloader");
  try {
    console.log(`building ${fmt(total)} rows in a migrated SQLite file…`);
    await migrate(`file:${file}`);
    const t0 = performance.now();
    const rows = fillSqlite(file, size, false);
    console.log(`  ${fmt(rows)} rows (${TABLES.map((t) => t.name).join(", ")}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const oursUrl = await createDatabaseFromTemplate(admin, oursDb);
    await migrate(oursUrl);
    const loaderUrl = await createDatabaseFromTemplate(admin, loaderDb);

    console.log("db:transfer → PostgreSQL (whole command: start-up, copy, index rebuild, verification, commit)…");
    const ours = await timed(process.execPath, ["--import", "tsx", "scripts/db-transfer.ts", "--from", `file:${file}`, "--to", oursUrl]);
    if (!ours.ok) throw new Error(`db:transfer failed:\n${ours.out}`);
    console.log(ours.out.split("\n").filter((l) => /^(table|-|users|accounts|sessions|verification_tokens|\d|peak)/.test(l)).join("\n"));

    console.log("pgloader, plain `pgloader sqlite://… postgresql://…` on the same file…");
    const plain = await timed("pgloader", [`sqlite://${file}`, loaderUrl]);
    const plainFailed = !plain.ok || /\b(FATAL|ERROR)\b/.test(plain.out);
    const plainError = plain.out.split("\n").find((l) => /\b(FATAL|ERROR)\b/.test(l));
    console.log(plainFailed ? `  failed (exit code ${plain.ok ? "0 all the same" : "non-zero"}): ${plainError?.replace(/^\S+ /, "") ?? ""}` : "  ok");

    // The load file a careful operator would write: leave Prisma's bookkeeping table out.
    console.log("pgloader with a load file that excludes _prisma_migrations (timed)…");
    await dropDatabase(admin, loaderDb);
    await createDatabaseFromTemplate(admin, loaderDb);
    const loadFile = path.join(dir, "load.pgl");
    writeFileSync(loadFile, `LOAD DATABASE FROM sqlite://${file} INTO ${loaderUrl}\n  EXCLUDING TABLE NAMES LIKE '_prisma_migrations';\n`);
    const loader = await timed("pgloader", [loadFile]);
    if (!loader.ok || /\b(FATAL|ERROR)\b/.test(loader.out)) {
      loader.ok = false;
      console.log(`pgloader failed:\n${loader.out.split("\n").slice(-15).join("\n")}`);
    }

    // The way back (the runbook's rollback), for the record; pgloader has no PostgreSQL → SQLite.
    const backFile = path.join(dir, "back.db");
    await migrate(`file:${backFile}`);
    const back = await timed(process.execPath, ["--import", "tsx", "scripts/db-transfer.ts", "--from", oursUrl, "--to", `file:${backFile}`]);
    if (!back.ok) throw new Error(`db:transfer back to SQLite failed:\n${back.out}`);

    const oursRate = (rows * 1000) / ours.ms;
    const loaderRate = (rows * 1000) / loader.ms;
    console.log("");
    console.log(`| tool | rows | seconds | rows/s |`);
    console.log(`|---|---|---|---|`);
    console.log(`| npm run db:transfer (verified) | ${fmt(rows)} | ${(ours.ms / 1000).toFixed(1)} | ${fmt(oursRate)} |`);
    console.log(`| pgloader ${loader.ok ? "" : "(FAILED) "}| ${fmt(rows)} | ${(loader.ms / 1000).toFixed(1)} | ${fmt(loaderRate)} |`);
    console.log(`| npm run db:transfer PostgreSQL → SQLite (verified) | ${fmt(rows)} | ${(back.ms / 1000).toFixed(1)} | ${fmt((rows * 1000) / back.ms)} |`);
    console.log(`ratio db:transfer / pgloader (SQLite → PostgreSQL): ${(oursRate / loaderRate).toFixed(2)}×`);

    if (loader.ok) {
      console.log("\nwhat pgloader's database gets wrong against the Prisma schema:");
      if (plainFailed) console.log(`  - run plainly on a Prisma SQLite file it stops at _prisma_migrations (${plainError?.replace(/^\S+ \S+ /, "").slice(0, 120)}) and still exits ${plain.ok ? 0 : "non-zero"}`);
      for (const d of await pgloaderDifferences(oursUrl, loaderUrl)) console.log(`  - ${d}`);
      const [src, got] = [await checksums(`file:${file}`), await checksums(loaderUrl).catch((e: Error) => e)];
      if (got instanceof Error) console.log(`  - its rows cannot be read back as the Prisma types: ${got.message.split("\n")[0]}`);
      else {
        const same = TABLES.every((t) => src[t.name].checksum === got[t.name].checksum && src[t.name].rows === got[t.name].rows);
        console.log(`  - row values (canonical checksums): ${same ? "identical to the source" : "DIFFER from the source"}`);
      }
    }
  } finally {
    await dropDatabase(admin, oursDb).catch(() => {});
    await dropDatabase(admin, loaderDb).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
