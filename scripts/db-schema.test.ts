// The one schema and what is derived from it, checked in a scratch copy of the project's prisma/ and
// scripts/transfer/ files (so the real ones are never touched while other tests read them).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DERIVED_SCHEMA, DERIVED_TABLES, deriveSqlite, main, renderTables, run, TEMPLATE } from "./db-schema";

const ROOT = path.resolve(import.meta.dirname, "..");
const template = readFileSync(path.join(ROOT, TEMPLATE), "utf8");

describe("the SQLite schema derived from the PostgreSQL one", () => {
  it("differs only in provider, client output and native types, line for line, comments untouched", () => {
    const sqlite = deriveSqlite(template);
    expect(sqlite).toContain('provider = "sqlite"');
    expect(sqlite).toContain('output          = "../../app/db/generated/sqlite"');
    expect(sqlite.split("\n").length).toBe(template.split("\n").length);
    // every native type is gone from the code, none from the comments
    const code = (s: string) => s.split("\n").map((l) => l.replace(/\/\/.*$/, "")).join("\n");
    expect(code(sqlite)).not.toContain("@db.");
    // every DateTime is a timestamptz(3) on PostgreSQL
    expect(code(template).match(/@db\.Timestamptz\(3\)/g)?.length).toBe(code(template).match(/\bDateTime\b/g)?.length);
    const comments = (s: string) => s.split("\n").map((l) => /\/\/.*$/.exec(l)?.[0] ?? "");
    expect(comments(sqlite)).toEqual(comments(template));
    const neutral = (s: string) => code(s).replace(/ *@db\.\w+\([^)]*\)/g, "").replace(/"(sqlite|postgresql)"/g, '"P"').replace(/generated\/\w+"/g, 'generated/P"');
    expect(neutral(sqlite)).toBe(neutral(template));
  });

  it("lists every model as a table, parents before children, with kinds, nullability and keys", () => {
    // a model the schema does not have yet (its own names, so this test holds whatever the schema grows)
    const extended = `${template.replace(/^model User \{$/m, "model User {\n  scratchPins ScratchPin[]")}
model ScratchPin {
  id        String   @id @default(cuid())
  userId    String   @map("user_id")
  note      String?
  rank      Int
  pinned    Boolean  @default(false)
  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(3)
  user      User     @relation(fields: [userId], references: [id])

  @@map("scratch_pins")
}
`;
    const text = renderTables(extended);
    const names = [...text.matchAll(/^ {4}name: "(\w+)",$/gm)].map((m) => m[1]);
    expect(names.indexOf("users")).toBeLessThan(names.indexOf("scratch_pins"));
    expect(names.indexOf("users")).toBeLessThan(names.indexOf("accounts"));
    expect(names).toEqual(expect.arrayContaining(["users", "accounts", "sessions", "verification_tokens", "scratch_pins"]));
    expect(text).toContain('{ name: "note", kind: "text", nullable: true }');
    expect(text).toContain('{ name: "rank", kind: "int", nullable: false }');
    expect(text).toContain('{ name: "pinned", kind: "bool", nullable: false }');
    expect(text).toContain('{ name: "created_at", kind: "datetime", nullable: false }');
    // a table without an id is named by its unique key
    expect(text).toMatch(/name: "verification_tokens",\n {4}key: \["identifier","token"\]/);
    expect(() => renderTables(`${template}\nmodel Price {\n  id Int @id\n  amount Float\n}\n`)).toThrow(/Price\.amount is Float, which the transfer does not carry yet — add a ColumnKind in scripts\/transfer\/values\.ts/);
  });
});

describe("npm run db:schema", () => {
  let dir: string;
  let errors: string[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "suzumina-schema-"));
    for (const f of [TEMPLATE, DERIVED_SCHEMA, DERIVED_TABLES]) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      cpSync(path.join(ROOT, f), path.join(dir, f));
    }
    errors = [];
    vi.spyOn(console, "error").mockImplementation((m: string) => void errors.push(m));
    vi.spyOn(console, "log").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (f: string) => path.join(dir, f);

  it("the committed derived files are what the template gives", () => {
    expect(run({ check: true, root: ROOT }).map((o) => o.state)).toEqual(["up to date", "up to date"]);
  });

  it("--check names a stale derived file; db:schema then rewrites it", () => {
    writeFileSync(file(TEMPLATE), template.replace(/^model User \{$/m, "model User {\n  scratchNote String?"));
    expect(main(["--check"], dir)).toBe(1);
    expect(errors).toEqual([`${DERIVED_SCHEMA}: stale — run \`npm run db:schema\` and commit the result`, `${DERIVED_TABLES}: stale — run \`npm run db:schema\` and commit the result`]);
    expect(main([], dir)).toBe(0);
    expect(readFileSync(file(DERIVED_SCHEMA), "utf8")).toContain("scratchNote String?");
    expect(readFileSync(file(DERIVED_TABLES), "utf8")).toContain('{ name: "scratchNote", kind: "text", nullable: true }');
    expect(main(["--check"], dir)).toBe(0);
  });

  it("a hand edit of a derived file fails the check and is never silently overwritten", () => {
    const edited = readFileSync(file(DERIVED_SCHEMA), "utf8").replace(/^model User \{$/m, "model User {\n  scratchNote String?");
    writeFileSync(file(DERIVED_SCHEMA), edited);
    expect(main(["--check"], dir)).toBe(1);
    expect(errors[0]).toBe(
      `${DERIVED_SCHEMA}: edited by hand — move the change into ${TEMPLATE} (the one schema), then run \`npm run db:schema\` (\`-- --discard-edits\` drops the hand edit)`,
    );
    // the advice the check gives does not lose the edit…
    expect(main([], dir)).toBe(1);
    expect(readFileSync(file(DERIVED_SCHEMA), "utf8")).toBe(edited);
    // …unless asked to
    expect(main(["--discard-edits"], dir)).toBe(0);
    expect(readFileSync(file(DERIVED_SCHEMA), "utf8")).not.toContain("scratchNote");
  });

  it("reports schema errors at the template's lines, PostgreSQL-only features included", () => {
    const lines = template.split("\n");
    const at = lines.findIndex((l) => l === "model User {");
    lines.splice(at + 1, 0, "  scratchTags String[]");
    writeFileSync(file(TEMPLATE), lines.join("\n"));
    expect(main([], dir)).toBe(1);
    expect(errors.join("\n")).toContain(`the SQLite schema derived from ${TEMPLATE} is not valid`);
    expect(errors.join("\n")).toContain(`-->  ${TEMPLATE}:${at + 2}`);
    writeFileSync(file(TEMPLATE), template.replace("String    @id", "Strng     @id"));
    errors.length = 0;
    expect(main([], dir)).toBe(1);
    expect(errors.join("\n")).toMatch(new RegExp(`${TEMPLATE} is not a valid Prisma schema:[\\s\\S]*Type "Strng" is neither a built-in type`));
  });
});
