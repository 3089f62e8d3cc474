// The checks that need no database: migration lists by name across providers, stale generated clients.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrationListProblems, staleClients } from "./check-migrations";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("db:check-migrations", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "suzumina-check-"));
    cpSync(path.join(ROOT, "prisma"), path.join(dir, "prisma"), { recursive: true });
    for (const p of ["sqlite", "postgresql"]) {
      mkdirSync(path.join(dir, "app/db/generated", p, "internal"), { recursive: true });
      cpSync(path.join(ROOT, "app/db/generated", p, "internal/class.ts"), path.join(dir, "app/db/generated", p, "internal/class.ts"));
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const addMigration = (provider: string, folder: string) => {
    mkdirSync(path.join(dir, "prisma", provider, "migrations", folder));
    writeFileSync(path.join(dir, "prisma", provider, "migrations", folder, "migration.sql"), "-- x\n");
  };

  it("passes on the committed migrations and clients", () => {
    expect(migrationListProblems(ROOT)).toEqual([]);
    expect(staleClients(ROOT)).toEqual([]);
  });

  it("fails when one provider has a migration the other lacks, naming it and the command", () => {
    addMigration("sqlite", "20991231000000_add_bio");
    expect(migrationListProblems(dir)).toEqual([
      "prisma/sqlite/migrations has add_bio, which prisma/postgresql/migrations lacks — create schema changes with `npm run db:change -- --name <change>`, which makes both",
    ]);
    addMigration("postgresql", "20991231000001_add_bio");
    expect(migrationListProblems(dir)).toEqual([]);
    addMigration("postgresql", "20991231000002_x");
    addMigration("sqlite", "20991231000003_y");
    expect(migrationListProblems(dir)).toHaveLength(2);
  });

  it("fails when a generated client was made from another schema", () => {
    const schema = path.join(dir, "prisma/postgresql/schema.prisma");
    writeFileSync(schema, `${readFileSync(schema, "utf8")}\nmodel Extra {\n  id String @id\n}\n`);
    expect(staleClients(dir)).toEqual([
      "app/db/generated/postgresql is missing or was generated from another schema than prisma/postgresql/schema.prisma — run `npm run db:generate`",
    ]);
  });
});
