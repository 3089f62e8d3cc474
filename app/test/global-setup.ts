// Vitest global setup: one migrated template per engine, made once per run with `prisma migrate deploy`
// (the same command production runs); each test file then copies it (SQLite: file copy; PostgreSQL:
// CREATE DATABASE … TEMPLATE), which takes milliseconds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { adminUrl, createDatabaseFromTemplate, dropDatabase, ensurePostgres, migrate, uniqueName, withDatabase } from "./pg-admin";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplateDb: string;
    pgAdminUrl: string;
    runId: string;
    /** The production build made for this run (app/test/server.ts starts it). */
    buildDir: string;
  }
}

export default async function setup(project: TestProject) {
  const admin = adminUrl();
  await ensurePostgres(admin);
  const runId = uniqueName("t");
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-test-"));
  const sqliteTemplate = path.join(dir, "template.db");
  const pgTemplateDb = `${runId}_tpl`;
  // inside the project so the build resolves node_modules; one per run so parallel runs don't clash
  const buildDir = path.resolve(import.meta.dirname, "../../.cache/test-build", runId);
  await createDatabaseFromTemplate(admin, pgTemplateDb);
  await Promise.all([
    migrate(`file:${sqliteTemplate}`),
    migrate(withDatabase(admin, pgTemplateDb)),
    // HTTP-level tests run the real production build (app/test/server.ts).
    buildApp(buildDir),
  ]);

  project.provide("sqliteTemplate", sqliteTemplate);
  project.provide("pgTemplateDb", pgTemplateDb);
  project.provide("pgAdminUrl", admin);
  project.provide("runId", runId);
  project.provide("buildDir", buildDir);

  return async () => {
    await dropDatabase(admin, pgTemplateDb, { prefix: runId });
    rmSync(dir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  };
}

async function buildApp(buildDir: string): Promise<void> {
  const root = path.resolve(import.meta.dirname, "../..");
  await promisify(execFile)(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", SUZUMINA_BUILD_DIR: buildDir },
  });
}
