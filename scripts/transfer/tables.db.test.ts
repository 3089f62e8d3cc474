// The transfer's table list must be the schema: every table and column the migrations create, with the
// right kind and nullability, parents before children. A column added to the schema but not to
// scripts/transfer/tables.ts fails here (and the tool refuses such a database at run time).
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/db/generated/postgresql/client";
import { ENGINES } from "~test/engines";
import { sqlitePath } from "~/db/provider";
import { MIGRATIONS_TABLE, TABLES, type ColumnKind } from "./tables";
import { databases } from "./testing";

interface LiveColumn {
  table: string;
  name: string;
  type: string;
  nullable: boolean;
}

async function liveColumns(url: string): Promise<{ cols: LiveColumn[]; fks: [child: string, parent: string][] }> {
  if (url.startsWith("file:")) {
    const db = new Database(sqlitePath(url), { readonly: true });
    try {
      const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[];
      const cols: LiveColumn[] = [];
      const fks: [string, string][] = [];
      for (const t of tables) {
        for (const c of db.prepare("select name, type, \"notnull\" as nn, pk from pragma_table_info(?)").all(t) as { name: string; type: string; nn: number; pk: number }[]) {
          cols.push({ table: t, name: c.name, type: c.type.toLowerCase(), nullable: !c.nn && !c.pk });
        }
        for (const f of db.prepare("select \"table\" as parent from pragma_foreign_key_list(?)").all(t) as { parent: string }[]) fks.push([t, f.parent]);
      }
      return { cols, fks };
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cols = await c.query<{ table: string; name: string; type: string; nullable: string }>(
      `select table_name as table, column_name as name, data_type as type, is_nullable as nullable
         from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
    );
    const fks = await c.query<{ child: string; parent: string }>(
      "select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint where contype = 'f'",
    );
    return {
      cols: cols.rows.map((r) => ({ ...r, nullable: r.nullable === "YES" })),
      fks: fks.rows.map((r) => [r.child.replaceAll('"', ""), r.parent.replaceAll('"', "")]),
    };
  } finally {
    await c.end();
  }
}

const KIND_OF: Record<string, ColumnKind> = {
  text: "text",
  integer: "int",
  boolean: "bool",
  datetime: "datetime",
  "timestamp with time zone": "datetime",
};

for (const provider of ENGINES) {
  describe(`transfer table list matches the migrated schema [${provider}]`, () => {
    const dbs = databases();
    let live: Awaited<ReturnType<typeof liveColumns>>;
    beforeAll(async () => {
      live = await liveColumns(await dbs.fresh(provider));
    });
    afterAll(() => dbs.disposeAll());

    it("lists every application table and column with its kind and nullability", () => {
      const fromDb = live.cols
        .filter((c) => c.table !== MIGRATIONS_TABLE)
        .map((c) => ({ table: c.table, name: c.name, kind: KIND_OF[c.type] ?? `unsupported type ${c.type}`, nullable: c.nullable }));
      const fromList = TABLES.flatMap((t) => t.columns.map((c) => ({ table: t.name, name: c.name, kind: c.kind, nullable: c.nullable })));
      const key = (x: { table: string; name: string }) => `${x.table}.${x.name}`;
      expect([...fromList].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...fromDb].sort((a, b) => key(a).localeCompare(key(b))));
    });

    it("puts every parent table before its children", () => {
      expect(live.fks.length).toBeGreaterThan(0);
      const order = TABLES.map((t) => t.name);
      for (const [child, parent] of live.fks) expect(order.indexOf(parent), `${parent} before ${child}`).toBeLessThan(order.indexOf(child));
    });
  });
}

describe("transfer table list matches the generated Prisma client", () => {
  it("has one table per model and one column per scalar field", () => {
    const models = Object.keys(Prisma.ModelName);
    expect(TABLES).toHaveLength(models.length);
    const fieldCounts = models.map((m) => Object.keys((Prisma as unknown as Record<string, object>)[`${m}ScalarFieldEnum`]).length).sort();
    expect(TABLES.map((t) => t.columns.length).sort()).toEqual(fieldCounts);
  });
});
