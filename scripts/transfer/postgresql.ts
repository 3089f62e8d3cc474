// PostgreSQL side of the transfer: COPY … TO STDOUT to read (streamed, one REPEATABLE READ snapshot),
// COPY … FROM STDIN to write, all in one transaction. While loading, the secondary indexes and the
// foreign keys are dropped and rebuilt afterwards — inside that same transaction, so an interruption
// rolls the schema back with the data (see docs/migrating-to-postgresql.md and the performance notes).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { pgPoolConfig } from "~/db/pg-config.server";
import { redactUrl } from "~/db/provider";
import { decodeField, encodeField } from "./copy-text";
import { Refusal, type Endpoint, type WriteOptions } from "./endpoint";
import { MIGRATIONS_TABLE, q, type Column, type Table } from "./tables";
import { canonicalRow, DataError, type Row, type Value } from "./values";

export async function openPostgres(url: string): Promise<Endpoint> {
  const label = redactUrl(url);
  let config: pg.ClientConfig;
  try {
    config = { ...pgPoolConfig(url, { poolMax: 1 }), application_name: "suzumina-db-transfer" };
  } catch (e) {
    throw new Refusal(`${label}: ${(e as Error).message}`);
  }
  const client = new pg.Client(config);
  // A connection lost mid-transfer surfaces as the failing query's error; don't crash on the event.
  client.on("error", () => {});
  try {
    await client.connect();
    // ISO output whatever the server's defaults: the import reads timestamps as text
    await client.query("SET TIME ZONE 'UTC'; SET DateStyle = ISO");
  } catch (e) {
    await client.end().catch(() => {});
    throw new Refusal(`cannot connect to ${label}: ${oneLine(e)}`);
  }
  return new PostgresEndpoint(client, label, config);
}

function oneLine(e: unknown): string {
  const err = e as Error & { code?: string };
  const msg = err.message || err.code || String(e);
  return msg.split("\n")[0];
}

/** SELECT list that makes COPY emit canonical text: datetimes as epoch milliseconds. */
function selectExpr(c: Column): string {
  // date_part is double precision (extract() is numeric since PG 14, several times slower); ms-resolution
  // instants up to year 9999 are exact after rounding (< 2^53 µs).
  return c.kind === "datetime" ? `round(date_part('epoch', ${q(c.name)}) * 1000)::bigint` : q(c.name);
}

function encodeValue(c: Column, v: Value): string {
  if (v === null) return "\\N";
  switch (c.kind) {
    case "text":
      return encodeField(v as string);
    case "datetime":
      return new Date(v as number).toISOString();
    case "bool":
      return v ? "t" : "f";
    default:
      return String(v);
  }
}

interface SetAside {
  /** Statements that put back what was dropped, in order (indexes first, then constraints). */
  restore: string[];
}

class PostgresEndpoint implements Endpoint {
  readonly provider = "postgresql" as const;
  private setAside: SetAside = { restore: [] };
  private broken = false;

  constructor(
    private client: pg.Client,
    readonly label: string,
    private config: pg.ClientConfig,
  ) {}

  async identity(): Promise<string> {
    const db = (await this.client.query<{ db: string }>("select current_database() as db")).rows[0].db;
    try {
      // The cluster's own id: the same server reached as localhost, 127.0.0.1 or a socket is still one server.
      const r = await this.client.query<{ id: string }>("select system_identifier::text as id from pg_control_system()");
      return `postgresql:${r.rows[0].id}:${db}`;
    } catch {
      const host = String(this.config.host ?? "localhost").toLowerCase().replace(/^(127\.0\.0\.1|::1|\[::1\])$/, "localhost");
      return `postgresql:${host}:${this.config.port ?? 5432}:${db}`;
    }
  }

  async migrations(): Promise<string[] | null> {
    const exists = await this.client.query("select to_regclass($1) as t", [MIGRATIONS_TABLE]);
    if (!exists.rows[0].t) return null;
    const r = await this.client.query<{ migration_name: string }>(
      `select migration_name from ${q(MIGRATIONS_TABLE)} where finished_at is not null and rolled_back_at is null order by migration_name`,
    );
    return r.rows.map((x) => x.migration_name);
  }

  async columns(): Promise<Map<string, string[]>> {
    const r = await this.client.query<{ table_name: string; column_name: string }>(
      `select c.table_name, c.column_name from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' order by c.ordinal_position`,
    );
    const out = new Map<string, string[]>();
    for (const row of r.rows) out.set(row.table_name, [...(out.get(row.table_name) ?? []), row.column_name]);
    return out;
  }

  async columnTypes(table: string): Promise<Map<string, string>> {
    const r = await this.client.query<{ column_name: string; data_type: string }>(
      "select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = $1",
      [table],
    );
    return new Map(r.rows.map((x) => [x.column_name, x.data_type.toLowerCase()]));
  }

  async rowCount(table: Table): Promise<number> {
    const r = await this.client.query<{ n: string }>(`select count(*) as n from ${q(table.name)}`);
    return Number(r.rows[0].n);
  }

  async beginSnapshot(): Promise<void> {
    await this.client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  async endSnapshot(): Promise<void> {
    await this.client.query("COMMIT");
  }

  async *read(table: Table, batchSize: number): AsyncIterable<Row[]> {
    const cols = table.columns;
    const sql = `COPY (SELECT ${cols.map(selectExpr).join(", ")} FROM ${q(table.name)}) TO STDOUT`;
    const stream = this.client.query(copyTo(sql));
    const decoder = new StringDecoder("utf8");
    let rest = "";
    let batch: Row[] = [];
    // A COPY abandoned half-way leaves the connection mid-protocol: only closing it is safe after that.
    this.broken = true;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk);
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        const fields = line.split("\t");
        if (fields.length !== cols.length) throw new DataError(`${table.name}: COPY row with ${fields.length} fields, expected ${cols.length}`);
        for (let i = 0; i < fields.length; i++) fields[i] = decodeField(fields[i]) as string;
        batch.push(canonicalRow(table, fields));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    this.broken = false;
    if (rest + decoder.end()) throw new DataError(`${table.name}: COPY output ended mid-row`);
    if (batch.length) yield batch;
  }

  async beginWrite(tables: readonly Table[], options: WriteOptions): Promise<void> {
    await this.client.query("BEGIN");
    const names = tables.map((t) => q(t.name)).join(", ");
    // Nobody else writes these tables until we commit (and a concurrent writer can't slip rows in).
    // Don't queue forever behind an app that was not stopped.
    await this.client.query("SET LOCAL lock_timeout = '15s'");
    try {
      await this.client.query(`LOCK TABLE ${names} IN ACCESS EXCLUSIVE MODE`);
    } catch (e) {
      if ((e as { code?: string }).code !== "55P03") throw e;
      throw new Error(`the target's tables stayed in use for 15 s — is the app still connected to ${this.label}? Freeze writes first`);
    }
    await this.client.query("SET LOCAL lock_timeout = 0");
    if (options.truncate) await this.client.query(`TRUNCATE ${names}`);
    for (const t of tables) {
      if ((await this.client.query(`select 1 from ${q(t.name)} limit 1`)).rowCount) {
        throw new Refusal(`target ${this.label} holds rows in "${t.name}"; use --truncate to replace them`);
      }
    }
    // Index builds sort; give them room (this transaction only).
    await this.client.query("SET LOCAL maintenance_work_mem = '256MB'");
    await this.dropSecondaryStructures(tables);
  }

  /** Foreign keys and unique constraints, then every index but the primary keys: loading into bare tables and
   * building indexes once is about twice as fast as maintaining them row by row. */
  private async dropSecondaryStructures(tables: readonly Table[]): Promise<void> {
    const rels = tables.map((t) => t.name);
    const cons = await this.client.query<{ tbl: string; name: string; def: string; contype: string }>(
      `select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def, c.contype
         from pg_constraint c
        where c.contype in ('f', 'u') and (c.conrelid = any($1::regclass[]) or c.confrelid = any($1::regclass[]))
        order by c.contype = 'f', c.conname`,
      [rels],
    );
    const idx = await this.client.query<{ name: string; def: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i
        where i.indrelid = any($1::regclass[]) and not i.indisprimary
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by 1`,
      [rels],
    );
    const fks = cons.rows.filter((c) => c.contype === "f");
    const uniques = cons.rows.filter((c) => c.contype === "u");
    for (const c of fks) await this.client.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${q(c.name)}`);
    for (const c of uniques) await this.client.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${q(c.name)}`);
    for (const i of idx.rows) await this.client.query(`DROP INDEX ${i.name}`);
    this.setAside.restore = [
      ...idx.rows.map((i) => i.def),
      ...uniques.map((c) => `ALTER TABLE ${c.tbl} ADD CONSTRAINT ${q(c.name)} ${c.def}`),
      ...fks.map((c) => `ALTER TABLE ${c.tbl} ADD CONSTRAINT ${q(c.name)} ${c.def}`),
    ];
  }

  async write(table: Table, batches: AsyncIterable<Row[]>, onRows: (n: number) => Promise<void> | void): Promise<void> {
    const cols = table.columns;
    const sql = `COPY ${q(table.name)} (${cols.map((c) => q(c.name)).join(", ")}) FROM STDIN`;
    const sink = this.client.query(copyFrom(sql));
    async function* lines(): AsyncIterable<string> {
      for await (const batch of batches) {
        let out = "";
        for (const row of batch) {
          for (let i = 0; i < cols.length; i++) out += (i ? "\t" : "") + encodeValue(cols[i], row[i]);
          out += "\n";
        }
        yield out;
        await onRows(batch.length);
      }
    }
    this.broken = true;
    await pipeline(Readable.from(lines()), sink);
    this.broken = false;
  }

  async finishWrite(): Promise<void> {
    for (const stmt of this.setAside.restore) await this.client.query(stmt);
    this.setAside.restore = [];
  }

  async commit(): Promise<void> {
    await this.client.query("COMMIT");
  }

  async rollback(): Promise<void> {
    // After an abandoned COPY, disconnecting is the rollback: the server aborts the open transaction.
    if (this.broken) return this.close();
    await this.client.query("ROLLBACK").catch(() => {});
  }

  async close(): Promise<void> {
    if (this.broken) {
      (this.client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      this.client.end().catch(() => {});
      return;
    }
    await this.client.end().catch(() => {});
  }
}
