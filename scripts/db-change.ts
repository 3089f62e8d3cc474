/**
 * npm run db:change -- --name <change> [--create-only]
 *
 * One command for a schema change on both engines, after editing prisma/postgresql/schema.prisma:
 *   1. derives the SQLite schema and the transfer's table list (npm run db:schema);
 *   2. creates the migration for EACH provider with Prisma itself (`prisma migrate dev --create-only`)
 *      against a throwaway SQLite file and a throwaway PostgreSQL database (no scratch or shadow database
 *      to set up; your dev database is not touched — `npm run dev` applies the new migration to it);
 *   3. prints each provider's data-loss warnings (Prisma writes them at the top of the migration);
 *   4. applies both migrations to the throwaway databases, regenerates both clients, runs the checks.
 * --create-only stops after step 3, for a migration to edit by hand first (a rename: Prisma writes
 * drop + add; replace it in BOTH files), then run `npm run db:check-migrations` and `npm run db:generate`.
 * Never asks anything: no --name is exit 2 with this usage.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { PROVIDERS, type Provider } from "../app/db/provider";
import { createDatabaseFromTemplate, dropDatabase, uniqueName, withDatabase } from "../test-support/pg-admin";
import { ensureTestPostgres } from "../test-support/postgres";
import { migrationFolders } from "./check-migrations";
import { run as deriveFromSchema, TEMPLATE } from "./db-schema";

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "usage: npm run db:change -- --name <change> [--create-only]   (after editing prisma/postgresql/schema.prisma)";

async function prisma(args: string[], env: Record<string, string>): Promise<string> {
  try {
    const r = await exec(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 16 << 20,
    });
    return r.stdout + r.stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma ${args.join(" ")} failed:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  }
}

/** The "Warnings:" block Prisma puts at the top of a migration that can lose or refuse data. */
export function warningsOf(sql: string): string[] {
  const block = /^\/\*\s*\n\s*Warnings:\s*\n([\s\S]*?)\*\//m.exec(sql)?.[1] ?? "";
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("- "))
    .map((l) => l.slice(2));
}

interface Throwaway {
  url: string;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

async function throwaway(provider: Provider, admin: () => Promise<string>): Promise<Throwaway> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "suzumina-change-"));
    const url = `file:${path.join(dir, "change.db")}`;
    return { url, env: { DATABASE_URL: url }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = await admin();
  const [main, shadow] = [uniqueName("change"), uniqueName("change_shadow")];
  await createDatabaseFromTemplate(server, main);
  await createDatabaseFromTemplate(server, shadow);
  const url = withDatabase(server, main);
  return {
    url,
    env: { DATABASE_URL: url, SHADOW_DATABASE_URL: withDatabase(server, shadow) },
    dispose: async () => {
      await dropDatabase(server, main);
      await dropDatabase(server, shadow);
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { name: { type: "string" }, "create-only": { type: "boolean", default: false } }, strict: true }).values;
  } catch (e) {
    console.error(`db:change: ${(e as Error).message.split("\n")[0]}\n${USAGE}`);
    return 2;
  }
  if (!args.name || !/^[a-z0-9_]{1,60}$/.test(args.name)) {
    console.error(`db:change: --name is required: lower-case letters, digits and _ (it names both migrations)\n${USAGE}`);
    return 2;
  }
  const name = args.name;
  const existing = PROVIDERS.map((p) => migrationFolders(p));
  if (existing.some((list) => list.some((f) => f.replace(/^\d{14}_/, "") === name))) {
    console.error(`db:change: a migration named ${name} exists already; choose another --name`);
    return 2;
  }

  console.log(`1. deriving from ${TEMPLATE}`);
  for (const o of deriveFromSchema()) {
    if (o.state === "edited by hand") {
      console.error(`db:change: ${o.file} was edited by hand — move the change into ${TEMPLATE} first (npm run db:schema says how)`);
      return 1;
    }
    console.log(`   ${o.file}: ${o.state}`);
  }

  let postgres: Awaited<ReturnType<typeof ensureTestPostgres>> | undefined;
  const admin = async () => (postgres ??= await ensureTestPostgres((l) => console.log(`   ${l}`))).adminUrl;
  const created: Partial<Record<Provider, string>> = {};
  const dbs: Partial<Record<Provider, Throwaway>> = {};
  try {
    console.log("2. creating the migration of each provider (prisma migrate dev --create-only, throwaway databases)");
    for (const provider of PROVIDERS) {
      const db = (dbs[provider] = await throwaway(provider, admin));
      await prisma(["migrate", "dev", "--create-only", "--name", name], db.env);
      const folder = migrationFolders(provider).find((f) => !existing[PROVIDERS.indexOf(provider)].includes(f));
      if (folder) created[provider] = folder;
      console.log(`   ${provider}: ${folder ? `prisma/${provider}/migrations/${folder}` : "no change"}`);
    }
    const made = PROVIDERS.filter((p) => created[p]);
    if (made.length === 0) {
      console.log(`the schema matches the migrations of both providers: nothing to create`);
      return 0;
    }
    if (made.length !== PROVIDERS.length) {
      console.error(`db:change: only ${made.join(", ")} got a migration; the providers' migrations disagree — run npm run db:check-migrations`);
      return 1;
    }

    console.log("3. data-loss warnings");
    for (const provider of PROVIDERS) {
      const sql = readFileSync(path.join(ROOT, "prisma", provider, "migrations", created[provider]!, "migration.sql"), "utf8");
      const warnings = warningsOf(sql);
      console.log(`   ${provider}: ${warnings.length ? "" : "none"}`);
      for (const w of warnings) console.log(`     ⚠ ${w}`);
    }
    if (args["create-only"]) {
      console.log(
        "created only: edit both migration.sql files (a rename: replace Prisma's drop + add in each), then run\n" +
          "`npm run db:check-migrations` and `npm run db:generate`",
      );
      return 0;
    }

    console.log("4. applying both to the throwaway databases, regenerating both clients, checking");
    for (const provider of PROVIDERS) await prisma(["migrate", "deploy"], dbs[provider]!.env);
    for (const provider of PROVIDERS) await prisma(["generate", "--schema", `prisma/${provider}/schema.prisma`], {});
    const check = await exec(process.execPath, ["--import", "tsx", "scripts/check-migrations.ts"], {
      cwd: ROOT,
      env: { ...process.env, ...(postgres ? { TEST_DATABASE_URL: postgres.adminUrl } : {}) },
    }).then(
      (r) => ({ ok: true, out: r.stdout + r.stderr }),
      (e: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
    );
    console.log(check.out.trimEnd().replace(/^/gm, "   "));
    if (!check.ok) return 1;
    console.log(`done: commit ${TEMPLATE}, the derived files and both migration folders (${PROVIDERS.map((p) => created[p]).join(", ")})`);
    return 0;
  } catch (e) {
    console.error(`db:change: ${(e as Error).message}`);
    return 1;
  } finally {
    for (const db of Object.values(dbs)) await db?.dispose().catch(() => {});
    await postgres?.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(path.join(ROOT, TEMPLATE))) throw new Error(`${TEMPLATE} is missing`);
  process.exitCode = await main(process.argv.slice(2));
}
