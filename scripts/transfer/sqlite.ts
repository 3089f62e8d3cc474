// SQLite side of the transfer on better-sqlite3: reads come in rowid-keyed pages inside one read
// transaction (a consistent snapshot; rowid tables only, which is what Prisma creates); writes go through
// prepared multi-row INSERTs inside one BEGIN IMMEDIATE transaction, with the secondary indexes dropped
// and rebuilt in that same transaction.
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { redactUrl, sqlitePath } from "~/db/provider";
import { Refusal, type Endpoint, type WriteOptions } from "./endpoint";
import { MIGRATIONS_TABLE, q, type Column, type Table } from "./tables";
import { canonicalRow, formatSqliteDateTime, type Row, type Value } from "./values";

/** SQLite's default bound-parameter limit (SQLITE_MAX_VARIABLE_NUMBER) since 3.32. */
const MAX_PARAMS = 32766;

export async function openSqlite(url: string, role: "source" | "target"): Promise<Endpoint> {
  const label = redactUrl(url);
  const file = path.resolve(sqlitePath(url));
  if (!sqlitePath(url) || !existsSync(file)) {
    throw new Refusal(
      role === "source"
        ? `source ${label}: no such SQLite file`
        : `target ${label}: no such SQLite file — create and migrate it first (DATABASE_URL=${label} npx prisma migrate deploy)`,
    );
  }
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, readonly: role === "source" });
    db.pragma("busy_timeout = 10000");
    db.prepare("select count(*) from sqlite_master").get(); // fails here on a file that is not a database
  } catch (e) {
    throw new Refusal(`cannot open ${label}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (role === "target") db.pragma("foreign_keys = ON");
  return new SqliteEndpoint(db, label, realpathSync(file));
}

function toSqlite(c: Column, v: Value): unknown {
  if (v === null) return null;
  if (c.kind === "datetime") return formatSqliteDateTime(v as number);
  if (c.kind === "bool") return v ? 1 : 0;
  return v;
}

class SqliteEndpoint implements Endpoint {
  readonly provider = "sqlite" as const;
  private restore: string[] = [];

  constructor(
    private db: Database.Database,
    readonly label: string,
    private file: string,
  ) {}

  async identity(): Promise<string> {
    return `sqlite:${this.file}`;
  }

  async migrations(): Promise<string[] | null> {
    const t = this.db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(MIGRATIONS_TABLE);
    if (!t) return null;
    const rows = this.db
      .prepare(`select migration_name from ${q(MIGRATIONS_TABLE)} where finished_at is not null and rolled_back_at is null order by migration_name`)
      .pluck()
      .all() as string[];
    return rows;
  }

  async columns(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const tables = this.db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'").pluck().all() as string[];
    for (const t of tables) out.set(t, this.db.prepare(`select name from pragma_table_info(?)`).pluck().all(t) as string[]);
    return out;
  }

  async columnTypes(table: string): Promise<Map<string, string>> {
    const rows = this.db.prepare("select name, type from pragma_table_info(?)").all(table) as { name: string; type: string }[];
    return new Map(rows.map((r) => [r.name, r.type.toLowerCase()]));
  }

  async rowCount(table: Table): Promise<number> {
    return this.db.prepare(`select count(*) from ${q(table.name)}`).pluck().get() as number;
  }

  async beginSnapshot(): Promise<void> {
    this.db.exec("BEGIN");
    // A deferred transaction takes its snapshot at the first read; take it now.
    this.db.prepare("select count(*) from sqlite_master").get();
  }

  async endSnapshot(): Promise<void> {
    if (this.db.inTransaction) this.db.exec("COMMIT");
  }

  async *read(table: Table, batchSize: number): AsyncIterable<Row[]> {
    const cols = table.columns;
    // Keyset pages by rowid: one native call per batch (.all) is much cheaper than a row-by-row iterator,
    // and inside the snapshot/transaction the pages see one consistent table.
    const page = this.db
      .prepare(`select rowid, ${cols.map((c) => q(c.name)).join(", ")} from ${q(table.name)} where rowid > ? order by rowid limit ?`)
      .raw(true);
    let after: number | bigint = -(2 ** 53);
    for (;;) {
      const raws = page.all(after, batchSize) as unknown[][];
      if (!raws.length) return;
      const batch: Row[] = new Array(raws.length);
      for (let r = 0; r < raws.length; r++) {
        batch[r] = canonicalRow(table, raws[r], 1); // [0] is the rowid
      }
      after = raws[raws.length - 1][0] as number;
      yield batch;
      if (raws.length < batchSize) return;
    }
  }

  async beginWrite(tables: readonly Table[], options: WriteOptions): Promise<void> {
    this.db.exec("BEGIN IMMEDIATE"); // the write lock now, not at the first insert
    if (options.truncate) {
      for (const t of [...tables].reverse()) this.db.exec(`DELETE FROM ${q(t.name)}`);
    }
    for (const t of tables) {
      if (this.db.prepare(`select 1 from ${q(t.name)} limit 1`).get()) {
        throw new Refusal(`target ${this.label} holds rows in "${t.name}"; use --truncate to replace them`);
      }
    }
    // Secondary indexes are rebuilt once at the end (faster than maintaining them per row);
    // DDL is transactional in SQLite, so a rollback restores them.
    const idx = this.db
      .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => "?").join(",")})`)
      .all(...tables.map((t) => t.name)) as { name: string; sql: string }[];
    for (const i of idx) this.db.exec(`DROP INDEX ${q(i.name)}`);
    this.restore = idx.map((i) => i.sql);
  }

  async write(table: Table, batches: AsyncIterable<Row[]>, onRows: (n: number) => Promise<void> | void): Promise<void> {
    const cols = table.columns;
    const perStmt = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
    const tuple = `(${cols.map(() => "?").join(",")})`;
    const head = `INSERT INTO ${q(table.name)} (${cols.map((c) => q(c.name)).join(", ")}) VALUES `;
    const stmts = new Map<number, Database.Statement>();
    const stmtFor = (n: number) => {
      let s = stmts.get(n);
      if (!s) stmts.set(n, (s = this.db.prepare(head + Array(n).fill(tuple).join(","))));
      return s;
    };
    for await (const batch of batches) {
      for (let start = 0; start < batch.length; start += perStmt) {
        const chunk = batch.slice(start, start + perStmt);
        const params: unknown[] = new Array(chunk.length * cols.length);
        let k = 0;
        for (const row of chunk) for (let i = 0; i < cols.length; i++) params[k++] = toSqlite(cols[i], row[i]);
        stmtFor(chunk.length).run(params);
      }
      await onRows(batch.length);
    }
  }

  async finishWrite(): Promise<void> {
    for (const sql of this.restore) this.db.exec(sql);
    this.restore = [];
  }

  async commit(): Promise<void> {
    this.db.exec("COMMIT");
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
