// Vitest global setup: one migrated template per engine, made once per run with `prisma migrate deploy`
// (the same command production runs); each test file then copies it (SQLite: file copy; PostgreSQL:
// CREATE DATABASE … TEMPLATE), which takes milliseconds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { adminUrl, createDatabaseFromTemplate, dropDatabase, ensurePostgres, migrate, uniqueName, withDatabase } from "./pg-admin";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplateDb: string;
    pgAdminUrl: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const admin = adminUrl();
  await ensurePostgres(admin);
  const runId = uniqueName("t");
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-test-"));
  const sqliteTemplate = path.join(dir, "template.db");
  const pgTemplateDb = `${runId}_tpl`;
  await createDatabaseFromTemplate(admin, pgTemplateDb);
  await Promise.all([migrate(`file:${sqliteTemplate}`), migrate(withDatabase(admin, pgTemplateDb))]);

  project.provide("sqliteTemplate", sqliteTemplate);
  project.provide("pgTemplateDb", pgTemplateDb);
  project.provide("pgAdminUrl", admin);
  project.provide("runId", runId);

  return async () => {
    await dropDatabase(admin, pgTemplateDb, { prefix: runId });
    rmSync(dir, { recursive: true, force: true });
  };
}
