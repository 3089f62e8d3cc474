// Vitest global setups. Database tests (`*.db.test.ts`): one migrated template per engine, made once per
// run with `prisma migrate deploy` (the same command production runs); each test file then copies it
// (SQLite: file copy; PostgreSQL: CREATE DATABASE … TEMPLATE), which takes milliseconds. HTTP tests
// (`*.http.test.ts`) also get the production build their servers run. PostgreSQL: test-support/postgres.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { productionBuild } from "./build";
import { createDatabaseFromTemplate, dropDatabase, migrate, uniqueName, withDatabase } from "./pg-admin";
import { ensureTestPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplateDb: string;
    pgAdminUrl: string;
    runId: string;
    /** The production build made for this run (test-support/server.ts starts it). */
    buildDir: string;
  }
}

/** Templates for both engines; with `build`, the production build too. Returns the teardown. */
export async function setup(project: TestProject, { build = false } = {}): Promise<() => Promise<void>> {
  const postgres = await ensureTestPostgres();
  const admin = postgres.adminUrl;
  const runId = uniqueName("t");
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-test-"));
  const sqliteTemplate = path.join(dir, "template.db");
  const pgTemplateDb = `${runId}_tpl`;
  // inside the project so the build resolves node_modules; one per run so parallel runs don't clash
  const buildDir = path.resolve(import.meta.dirname, "../.cache/test-build", runId);
  await createDatabaseFromTemplate(admin, pgTemplateDb);
  await Promise.all([
    migrate(`file:${sqliteTemplate}`),
    migrate(withDatabase(admin, pgTemplateDb)),
    build ? productionBuild(buildDir) : undefined,
  ]);

  project.provide("sqliteTemplate", sqliteTemplate);
  project.provide("pgTemplateDb", pgTemplateDb);
  project.provide("pgAdminUrl", admin);
  project.provide("runId", runId);
  project.provide("buildDir", build ? buildDir : "");

  return async () => {
    await dropDatabase(admin, pgTemplateDb, { prefix: runId });
    rmSync(dir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
    await postgres.stop();
  };
}
