// What the transfer copies: every application table, parents before children (foreign-key order),
// with each column's kind. One list for every engine, derived from the schema (tables.generated.ts), so a
// new model or column is carried without editing anything here; tables.db.test.ts checks it against the
// migrated databases and the generated Prisma client, and the tool itself refuses a database whose live
// columns differ from it, so a column cannot be skipped silently.
import { GENERATED_TABLES } from "./tables.generated";

/** How a column's value is carried between engines (the canonical form is what checksums hash). */
export type ColumnKind =
  | "text" // string
  | "int" // 32-bit integer (Prisma Int)
  | "bool" // boolean (SQLite stores 0/1)
  | "datetime"; // milliseconds since the epoch, UTC (SQLite: ISO text; PostgreSQL: timestamptz(3))

export interface Column {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

export interface Table {
  name: string;
  columns: readonly Column[];
  /** Columns that identify a row (primary key, or the unique key of a table without one); used in messages. */
  key: readonly string[];
}

/** Derived from prisma/postgresql/schema.prisma by `npm run db:schema` (scripts/db-schema.ts). */
export const TABLES: readonly Table[] = GENERATED_TABLES;

/** Prisma's own bookkeeping table: compared (migration names), never copied. */
export const MIGRATIONS_TABLE = "_prisma_migrations";

/** Double-quoted SQL identifier (both engines). */
export const q = (ident: string): string => `"${ident.replaceAll('"', '""')}"`;
