/**
 * npm run db:check-migrations — fails, naming what to run, when:
 *   - the two providers' migration lists differ by name (SQLite would hold migrations PostgreSQL lacks,
 *     and db:transfer would refuse on cut-over day);
 *   - a generated client is stale (it was generated from another schema than the committed one);
 *   - a provider's committed migrations do not produce exactly its schema
 *     (`prisma migrate diff --from-migrations … --to-schema … --exit-code`; PostgreSQL replays them into a
 *     throwaway shadow database on the test server: test-support/postgres.ts).
 * The derived files themselves are checked by `npm run db:schema -- --check`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PROVIDERS, type Provider } from "../app/db/provider";
import { createDatabaseFromTemplate, dropDatabase, uniqueName } from "../test-support/pg-admin";
import { ensureTestPostgres } from "../test-support/postgres";
import { migrationName } from "./transfer/endpoint";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prisma = path.join(ROOT, "node_modules/prisma/build/index.js");

/** Migration folder names of a provider, in order. */
export function migrationFolders(provider: Provider, root = ROOT): string[] {
  const dir = path.join(root, "prisma", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Problems with the migration lists: the same names, in the same order, for every provider. */
export function migrationListProblems(root = ROOT): string[] {
  const [a, b] = PROVIDERS.map((p) => migrationFolders(p, root).map(migrationName));
  const problems: string[] = [];
  const only = (x: string[], y: string[]) => x.filter((m) => !y.includes(m));
  const [pa, pb] = PROVIDERS;
  if (only(a, b).length) problems.push(`prisma/${pa}/migrations has ${only(a, b).join(", ")}, which prisma/${pb}/migrations lacks`);
  if (only(b, a).length) problems.push(`prisma/${pb}/migrations has ${only(b, a).join(", ")}, which prisma/${pa}/migrations lacks`);
  if (!problems.length && a.join() !== b.join()) problems.push(`the providers' migrations are in a different order (${a.join(", ")} / ${b.join(", ")})`);
  return problems.map((p) => `${p} — create schema changes with \`npm run db:change -- --name <change>\`, which makes both`);
}

/** The schema text a generated client was made from (Prisma embeds it), or null when there is no client. */
export function clientSchema(provider: Provider, root = ROOT): string | null {
  const file = path.join(root, "app/db/generated", provider, "internal/class.ts");
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const m = /"inlineSchema": ("(?:[^"\\]|\\.)*")/.exec(text);
  return m ? (JSON.parse(m[1]) as string) : null;
}

// Prisma embeds its own formatting of the schema (columns re-aligned): compare without runs of blanks.
const normalise = (schema: string | null) => schema?.replace(/[ \t]+/g, " ").replace(/ $/gm, "");

export function staleClients(root = ROOT): string[] {
  return PROVIDERS.filter((p) => normalise(clientSchema(p, root)) !== normalise(readFileSync(path.join(root, "prisma", p, "schema.prisma"), "utf8"))).map(
    (p) => `app/db/generated/${p} is missing or was generated from another schema than prisma/${p}/schema.prisma — run \`npm run db:generate\``,
  );
}

function diff(url: string, provider: Provider, shadow?: string): number {
  const args = [prisma, "migrate", "diff", "--from-migrations", `prisma/${provider}/migrations`, "--to-schema", `prisma/${provider}/schema.prisma`, "--exit-code"];
  try {
    execFileSync(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, ...(shadow ? { SHADOW_DATABASE_URL: shadow } : {}) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    console.log(`${provider}: migrations match schema.prisma`);
    return 0;
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    if (err.status === 2) {
      console.error(`${provider}: migrations do NOT match prisma/${provider}/schema.prisma — run \`npm run db:change -- --name <change>\`. Difference:\n${err.stdout}`);
    } else {
      console.error(`${provider}: prisma migrate diff failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    }
    return 1;
  }
}

async function main(): Promise<number> {
  let failed = 0;
  for (const p of [...migrationListProblems(), ...staleClients()]) {
    console.error(p);
    failed++;
  }
  if (!failed) console.log("both providers have the same migrations; both clients match their schemas");
  const postgres = await ensureTestPostgres();
  const admin = postgres.adminUrl;
  const shadowName = uniqueName("shadow");
  const shadow = await createDatabaseFromTemplate(admin, shadowName);
  const scratch = mkdtempSync(path.join(tmpdir(), "suz-check-"));
  try {
    failed += diff(`file:${path.join(scratch, "check.db")}`, "sqlite");
    failed += diff(admin, "postgresql", shadow);
  } finally {
    await dropDatabase(admin, shadowName);
    rmSync(scratch, { recursive: true, force: true });
    await postgres.stop();
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
