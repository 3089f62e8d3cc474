/**
 * Derives everything the schema decides from its one source, prisma/postgresql/schema.prisma (PostgreSQL's
 * own, valid Prisma): prisma/sqlite/schema.prisma (provider and client output swapped, native types
 * dropped) and scripts/transfer/tables.generated.ts (the tables the transfer copies). Every provider
 * difference of the schema lives here and nowhere else.
 *
 *   npm run db:schema              write the derived files (refuses to overwrite a hand edit)
 *   npm run db:schema -- --check   exit 1 when a derived file is stale or was edited by hand, naming it
 *   npm run db:schema -- --discard-edits   overwrite hand edits of derived files
 *
 * Errors of either schema point at lines of prisma/postgresql/schema.prisma: the SQLite schema keeps the
 * template's lines one for one below its header.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { get_dmmf, validate } from "@prisma/prisma-schema-wasm";
import { PROVIDERS, type Provider } from "../app/db/provider";

export { PROVIDERS, type Provider };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TEMPLATE = "prisma/postgresql/schema.prisma";
export const DERIVED_SCHEMA = "prisma/sqlite/schema.prisma";
export const DERIVED_TABLES = "scripts/transfer/tables.generated.ts";

export function schemaPath(provider: Provider, root = ROOT): string {
  return path.join(root, "prisma", provider, "schema.prisma");
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The generated header: what made the file, and the hash of what follows it (a hand edit changes it). */
function header(body: string, commentPrefix = "//"): string {
  return (
    `${commentPrefix} GENERATED from ${TEMPLATE} by scripts/db-schema.ts — do not edit: edit that file and run \`npm run db:schema\`\n` +
    `${commentPrefix} (or \`npm run db:change\`). sha256 of the lines below: ${sha256(body)}\n`
  );
}

/** Splits a derived file into its header's hash and its body; null when it has no such header. */
export function parseDerived(text: string): { hash: string; body: string } | null {
  const m = /^\/\/ GENERATED from .*\n\/\/ .*sha256 of the lines below: ([0-9a-f]{64})\n/.exec(text);
  return m ? { hash: m[1], body: text.slice(m[0].length) } : null;
}

/** The SQLite schema's body: the template, line for line, with the provider differences applied. */
export function deriveSqlite(template: string): string {
  const out = template
    .split("\n")
    .map((line) => {
      const [code, comment] = splitComment(line);
      const derived = code
        .replace(/^(\s*provider\s*=\s*)"postgresql"/, '$1"sqlite"')
        .replace(/^(\s*output\s*=\s*"[^"]*\/generated\/)postgresql"/, '$1sqlite"')
        // native types exist on PostgreSQL only: @db.Timestamptz(3), @db.VarChar(50), @db.Text, …
        .replace(/[ \t]+@db\.\w+(\([^)]*\))?/g, "");
      return derived + comment;
    })
    .join("\n");
  if (!/datasource\s+\w+\s*\{[^}]*provider\s*=\s*"sqlite"/.test(out)) throw new Error(`${TEMPLATE}: no datasource with provider = "postgresql" found`);
  return out;
}

/** A line's code and its // comment (outside strings), so comments are never rewritten. */
function splitComment(line: string): [string, string] {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== "\\") inString = !inString;
    else if (!inString && c === "/" && line[i + 1] === "/") return [line.slice(0, i), line.slice(i)];
  }
  return [line, ""];
}

export function renderSqlite(template: string): string {
  const body = deriveSqlite(template);
  return header(body) + body;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Prisma's own validation, reported against the template's file name and lines. */
function validateSchema(content: string, what: string): void {
  try {
    validate(JSON.stringify({ prismaSchema: [[TEMPLATE, content]], noColor: true }));
  } catch (e) {
    const text = String((e as Error).message ?? e).replace(ANSI, "");
    let message = text;
    try {
      message = (JSON.parse(text.replace(/^Error: /, "")) as { message: string }).message;
    } catch {
      // not Prisma's JSON: keep the text
    }
    throw new Error(`${what}:\n${message.replace(ANSI, "")}`);
  }
}

// --- the transfer's table list -------------------------------------------------------------------

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isRequired: boolean;
  isId: boolean;
  relationFromFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueFields: string[][];
}

const KIND: Record<string, string> = { String: "text", Int: "int", Boolean: "bool", DateTime: "datetime" };

/** scripts/transfer/tables.generated.ts: every model as a table, parents before children. */
export function renderTables(template: string): string {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [[TEMPLATE, template]] }))) as { datamodel: { models: DmmfModel[] } };
  const models = dmmf.datamodel.models;
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: DmmfModel[] = [];
  const visit = (m: DmmfModel, path: string[]) => {
    if (ordered.includes(m)) return;
    if (path.includes(m.name)) throw new Error(`${TEMPLATE}: foreign keys form a cycle (${[...path, m.name].join(" → ")}); the transfer cannot order its tables`);
    for (const f of m.fields) if (f.kind === "object" && f.relationFromFields?.length) visit(byName.get(f.type)!, [...path, m.name]);
    ordered.push(m);
  };
  for (const m of models) visit(m, []);

  const tables = ordered.map((m) => {
    const scalars = m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    const column = (name: string) => scalars.find((f) => f.name === name)!.dbName ?? name;
    const columns = scalars.map((f) => {
      const kind = f.kind === "enum" ? "text" : KIND[f.type];
      if (!kind) throw new Error(`${TEMPLATE}: ${m.name}.${f.name} is ${f.type}, which the transfer does not carry yet — add a ColumnKind in scripts/transfer/values.ts and map it in scripts/db-schema.ts`);
      return { name: f.dbName ?? f.name, kind, nullable: !f.isRequired };
    });
    const keyFields = scalars.filter((f) => f.isId).map((f) => f.name);
    const key = (keyFields.length ? keyFields : (m.primaryKey?.fields ?? m.uniqueFields[0] ?? [])).map(column);
    if (!key.length) throw new Error(`${TEMPLATE}: ${m.name} has neither an id nor a unique key; the transfer names rows by one`);
    return { name: m.dbName ?? m.name, key, columns };
  });
  const body =
    'import type { Table } from "./tables";\n\n' +
    "/** Every table of the schema, parents before children (foreign-key order), with each column's kind. */\n" +
    "export const GENERATED_TABLES: readonly Table[] = [\n" +
    tables
      .map(
        (t) =>
          `  {\n    name: ${JSON.stringify(t.name)},\n    key: ${JSON.stringify(t.key)},\n    columns: [\n` +
          t.columns.map((c) => `      { name: ${JSON.stringify(c.name)}, kind: ${JSON.stringify(c.kind)}, nullable: ${c.nullable} },\n`).join("") +
          "    ],\n  },\n",
      )
      .join("") +
    "];\n";
  return header(body) + body;
}

// --- the command ---------------------------------------------------------------------------------

export interface Outcome {
  file: string;
  state: "up to date" | "written" | "stale" | "edited by hand";
}

/** Compares (and, unless check, writes) every derived file. */
export function run({ check = false, discardEdits = false, root = ROOT } = {}): Outcome[] {
  const template = readFileSync(path.join(root, TEMPLATE), "utf8");
  validateSchema(template, `${TEMPLATE} is not a valid Prisma schema`);
  const sqlite = renderSqlite(template);
  validateSchema(deriveSqlite(template), `the SQLite schema derived from ${TEMPLATE} is not valid (a PostgreSQL-only feature?)`);
  const wanted: [string, string][] = [
    [DERIVED_SCHEMA, sqlite],
    [DERIVED_TABLES, renderTables(template)],
  ];
  return wanted.map(([file, want]): Outcome => {
    const abs = path.join(root, file);
    const have = existsSync(abs) ? readFileSync(abs, "utf8") : null;
    if (have === want) return { file, state: "up to date" };
    const parsed = have === null ? null : parseDerived(have);
    const handEdited = have !== null && (!parsed || parsed.hash !== sha256(parsed.body));
    if (check || (handEdited && !discardEdits)) return { file, state: handEdited ? "edited by hand" : "stale" };
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, want);
    return { file, state: "written" };
  });
}

export function main(argv: string[], root = ROOT): number {
  const unknown = argv.filter((a) => a !== "--check" && a !== "--discard-edits");
  if (unknown.length) {
    console.error(`db:schema: unknown option ${unknown.join(" ")}\nusage: npm run db:schema [-- --check | --discard-edits]`);
    return 2;
  }
  let outcomes: Outcome[];
  try {
    outcomes = run({ check: argv.includes("--check"), discardEdits: argv.includes("--discard-edits"), root });
  } catch (e) {
    console.error(`db:schema: ${(e as Error).message}`);
    return 1;
  }
  let bad = 0;
  for (const o of outcomes) {
    if (o.state === "edited by hand") {
      bad++;
      console.error(`${o.file}: edited by hand — move the change into ${TEMPLATE} (the one schema), then run \`npm run db:schema\` (\`-- --discard-edits\` drops the hand edit)`);
    } else if (o.state === "stale") {
      bad++;
      console.error(`${o.file}: stale — run \`npm run db:schema\` and commit the result`);
    } else console.log(`${o.file}: ${o.state}`);
  }
  return bad ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
