import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS, render, schemaPath } from "./db-schema";

const template = readFileSync(path.resolve(import.meta.dirname, "../prisma/schema.template.prisma"), "utf8");

describe("schema template renderer", () => {
  it("puts provider differences only where the template marks them", () => {
    const sqlite = render(template, "sqlite");
    const pg = render(template, "postgresql");
    expect(sqlite).toContain('provider = "sqlite"');
    expect(pg).toContain('provider = "postgresql"');
    expect(sqlite).not.toContain("@db.");
    expect(pg.match(/@db\.Timestamptz\(3\)/g)).toHaveLength(6);
    for (const s of [sqlite, pg]) {
      expect(s.startsWith("// GENERATED")).toBe(true);
      expect(s).not.toMatch(/\{\{|@timestamp/);
      for (const table of ["users", "accounts", "sessions", "verification_tokens"]) expect(s).toContain(`@@map("${table}")`);
    }
    // Apart from the marked tokens, the two schemas are the same text.
    const neutral = (s: string) => s.replace(/ *@db\.Timestamptz\(3\)/g, "").replace(/"(sqlite|postgresql)"/g, '"P"').replace(/generated\/\w+/g, "generated/P");
    expect(neutral(sqlite)).toBe(neutral(pg));
  });

  it("committed schemas are what the template renders", () => {
    for (const p of PROVIDERS) expect(readFileSync(schemaPath(p), "utf8")).toBe(render(template, p));
  });

  it("--check exits non-zero on a stale generated file and names it", () => {
    const file = schemaPath("sqlite");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original + "\n// hand edit\n");
    try {
      let status = 0;
      let stderr = "";
      try {
        execFileSync(process.execPath, ["--import", "tsx", "scripts/db-schema.ts", "--check"], { cwd: path.resolve(import.meta.dirname, ".."), stdio: "pipe" });
      } catch (e) {
        status = (e as { status: number }).status;
        stderr = String((e as { stderr: Buffer }).stderr);
      }
      expect(status).toBe(1);
      expect(stderr).toContain("prisma/sqlite/schema.prisma: stale");
    } finally {
      writeFileSync(file, original);
    }
  });
});
