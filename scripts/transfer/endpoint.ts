// The one interface the transfer drives; scripts/transfer/sqlite.ts and postgresql.ts implement it
// on the raw drivers (better-sqlite3; pg + pg-copy-streams), below Prisma, for speed and exact types.
import type { Provider } from "~/db/provider";
import type { Table } from "./tables";
import type { Row } from "./values";

/** A reason to stop before touching anything; the CLI prints its message as one line and exits 2. */
export class Refusal extends Error {
  override name = "Refusal";
}

export interface WriteOptions {
  /** Empty the target's application tables first (inside the same transaction). */
  truncate: boolean;
}

export interface Endpoint {
  readonly provider: Provider;
  /** The URL with the password hidden, for messages. */
  readonly label: string;
  /** Equal for two endpoints that are the same database (resolved file path; server + database). */
  identity(): Promise<string>;
  /** Names of finished, not rolled back migrations in order; null when there is no _prisma_migrations table. */
  migrations(): Promise<string[] | null>;
  /** Every table of the database (its schema) with its column names, as the database has them. */
  columns(): Promise<Map<string, string[]>>;
  /** Declared column types of one table, lower-cased (SQLite's declared type; PostgreSQL's data_type). */
  columnTypes(table: string): Promise<Map<string, string>>;
  rowCount(table: Table): Promise<number>;

  /** Source: start one read-only snapshot so every table (and its checksum) is read at the same instant. */
  beginSnapshot(): Promise<void>;
  /** Rows of a table in batches, as canonical values. Inside a snapshot or the write transaction. */
  read(table: Table, batchSize: number): AsyncIterable<Row[]>;
  endSnapshot(): Promise<void>;

  /** Target: open the one write transaction (and empty the tables with truncate). */
  beginWrite(tables: readonly Table[], options: WriteOptions): Promise<void>;
  /** Append rows; onRows is called as each batch is handed to the database. */
  write(table: Table, batches: AsyncIterable<Row[]>, onRows: (n: number) => Promise<void> | void): Promise<void>;
  /** After all tables are written: rebuild what beginWrite set aside (indexes, foreign keys). */
  finishWrite(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** Strip the 14-digit timestamp Prisma prefixes to migration folders: each engine has its own folder
 * names for the same migration (prisma/<provider>/migrations/<timestamp>_<name>). */
export const migrationName = (folder: string): string => folder.replace(/^\d{14}_/, "");
