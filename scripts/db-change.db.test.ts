// The developer's schema change, end to end, in a scratch copy of the project (the real prisma/ folder
// is never touched): edit the one schema, run `npm run db:change`, get both engines' migrations, the
// derived files, both clients, and green checks — without a prompt and without setting up a database.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { warningsOf } from "./db-change";

const ROOT = path.resolve(import.meta.dirname, "..");

function run(cwd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // stdin closed and no terminal: a prompt would wait forever, so the test's timeout would catch it
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/db-change.ts", ...args], {
      cwd,
      env: { ...process.env, TEST_DATABASE_URL: inject("pgAdminUrl") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("npm run db:change", { timeout: 180_000 }, () => {
  let dir: string;
  const migrations = (provider: string) => readdirSync(path.join(dir, "prisma", provider, "migrations")).filter((f) => !f.endsWith(".toml"));
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "suzumina-change-project-"));
    for (const f of ["app", "prisma", "scripts", "test-support", "package.json", "prisma.config.ts", "tsconfig.json"]) {
      cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true, filter: (src) => !src.includes(`${path.sep}generated${path.sep}`) });
    }
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("without --name: exit 2 with the usage, nothing created, no prompt", async () => {
    const before = migrations("sqlite");
    const r = await run(dir, []);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^db:change: --name is required.*\nusage: npm run db:change -- --name <change>/);
    expect(migrations("sqlite")).toEqual(before);
  });

  it("adds a column and a table on both engines: migrations, derived files, clients, checks", async () => {
    const template = path.join(dir, "prisma/postgresql/schema.prisma");
    const schema = readFileSync(template, "utf8")
      .replace(/^model User \{$/m, "model User {\n  bio         String?\n  favorites   Favorite[]")
      .concat(
        `\nmodel Favorite {\n  id        String   @id @default(cuid())\n  userId    String   @map("user_id")\n  title     String\n` +
          `  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(3)\n` +
          `  user      User     @relation(fields: [userId], references: [id], onDelete: Cascade)\n\n  @@map("favorites")\n}\n`,
      );
    writeFileSync(template, schema);
    const r = await run(dir, ["--name", "add_bio_and_favorites"]);
    expect(r.code, r.out).toBe(0);
    for (const provider of ["sqlite", "postgresql"]) {
      const made = migrations(provider).filter((m) => m.endsWith("_add_bio_and_favorites"));
      expect(made, provider).toHaveLength(1);
      const sql = readFileSync(path.join(dir, "prisma", provider, "migrations", made[0], "migration.sql"), "utf8");
      expect(sql).toMatch(/ALTER TABLE "users" ADD COLUMN\s+"bio" TEXT/);
      expect(sql).toMatch(/CREATE TABLE "favorites"/);
      expect(r.out).toContain(`${provider}: prisma/${provider}/migrations/${made[0]}`);
    }
    expect(readFileSync(path.join(dir, "prisma/sqlite/schema.prisma"), "utf8")).toContain("model Favorite {");
    expect(readFileSync(path.join(dir, "scripts/transfer/tables.generated.ts"), "utf8")).toContain('name: "favorites"');
    expect(existsSync(path.join(dir, "app/db/generated/postgresql/models/Favorite.ts"))).toBe(true);
    expect(existsSync(path.join(dir, "app/db/generated/sqlite/models/Favorite.ts"))).toBe(true);
    expect(r.out).toContain("both providers have the same migrations; both clients match their schemas");
    expect(r.out).toMatch(/sqlite: migrations match schema\.prisma[\s\S]*postgresql: migrations match schema\.prisma/);
  });

  it("prints each engine's data-loss warnings; --create-only stops there for a hand edit", async () => {
    const template = path.join(dir, "prisma/postgresql/schema.prisma");
    writeFileSync(template, readFileSync(template, "utf8").replace(/^ {2}scope +String\?\n/m, ""));
    const r = await run(dir, ["--name", "drop_scope", "--create-only"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/sqlite: \n\s+⚠ You are about to drop the column `scope` on the `accounts` table/);
    expect(r.out).toMatch(/postgresql: \n\s+⚠ You are about to drop the column `scope` on the `accounts` table/);
    expect(r.out).toContain("created only: edit both migration.sql files");
    expect(r.out).not.toContain("4. applying");
  });

  it("refuses a --name that exists already", async () => {
    const r = await run(dir, ["--name", "drop_scope"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("a migration named drop_scope exists already");
  });
});

describe("warningsOf", () => {
  it("reads the warnings Prisma writes at the top of a migration", () => {
    const sql = "/*\n  Warnings:\n\n  - You are about to drop the column `a` on the `t` table. All the data in the column will be lost.\n  - A unique constraint covering the columns `[b]` on the table `t` will be added.\n\n*/\n-- AlterTable\n";
    expect(warningsOf(sql)).toEqual([
      "You are about to drop the column `a` on the `t` table. All the data in the column will be lost.",
      "A unique constraint covering the columns `[b]` on the table `t` will be added.",
    ]);
    expect(warningsOf('-- AlterTable\nALTER TABLE "t" ADD COLUMN "x" TEXT;')).toEqual([]);
  });
});
