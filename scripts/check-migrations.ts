/**
 * Fails when a provider's committed migrations do not produce exactly its generated schema
 * (`prisma migrate diff --from-migrations … --to-schema … --exit-code`). PostgreSQL replays the
 * migrations into a throwaway shadow database on the test server (TEST_DATABASE_URL or local default).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { adminUrl, createDatabaseFromTemplate, dropDatabase, ensurePostgres, uniqueName } from "~test/pg-admin";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prisma = path.join(root, "node_modules/prisma/build/index.js");

function diff(url: string, provider: string, shadow?: string): number {
  const args = [prisma, "migrate", "diff", "--from-migrations", `prisma/${provider}/migrations`, "--to-schema", `prisma/${provider}/schema.prisma`, "--exit-code"];
  try {
    execFileSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, ...(shadow ? { SHADOW_DATABASE_URL: shadow } : {}) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    console.log(`${provider}: migrations match schema.prisma`);
    return 0;
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    if (err.status === 2) {
      console.error(`${provider}: migrations do NOT match prisma/${provider}/schema.prisma — run \`npm run db:migrate\` for that provider. Difference:\n${err.stdout}`);
    } else {
      console.error(`${provider}: prisma migrate diff failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    }
    return 1;
  }
}

const admin = adminUrl();
await ensurePostgres(admin);
const shadowName = uniqueName("shadow");
const shadow = await createDatabaseFromTemplate(admin, shadowName);
let failed = 0;
try {
  failed += diff(`file:${path.join(mkdtempSync(path.join(tmpdir(), "suz-check-")), "check.db")}`, "sqlite");
  failed += diff(admin, "postgresql", shadow);
} finally {
  await dropDatabase(admin, shadowName);
}
process.exit(failed ? 1 : 0);
