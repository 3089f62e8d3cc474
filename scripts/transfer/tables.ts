// What the transfer copies: every application table, parents before children (foreign-key order),
// with each column's kind. One list for every engine; tables.test.ts checks it against the migrated
// databases and the generated Prisma client, and the tool itself refuses a database whose live columns
// differ from it, so a new column cannot be skipped silently.

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

const col = (name: string, kind: ColumnKind, nullable = false): Column => ({ name, kind, nullable });

export const TABLES: readonly Table[] = [
  {
    name: "users",
    key: ["id"],
    columns: [
      col("id", "text"),
      col("display_name", "text"),
      col("avatar_url", "text"),
      col("role", "text"),
      col("email", "text", true),
      col("created_at", "datetime"),
      col("updated_at", "datetime"),
      col("search_text", "text", true),
      col("blocked_at", "datetime", true),
    ],
  },
  {
    name: "accounts",
    key: ["id"],
    columns: [
      col("id", "text"),
      col("user_id", "text"),
      col("type", "text"),
      col("provider", "text"),
      col("provider_account_id", "text"),
      col("refresh_token", "text", true),
      col("access_token", "text", true),
      col("expires_at", "int", true),
      col("token_type", "text", true),
      col("scope", "text", true),
      col("id_token", "text", true),
      col("session_state", "text", true),
    ],
  },
  {
    name: "sessions",
    key: ["id"],
    columns: [col("id", "text"), col("user_id", "text"), col("session_token", "text"), col("expires", "datetime"), col("created_at", "datetime")],
  },
  {
    name: "verification_tokens",
    key: ["identifier", "token"],
    columns: [col("identifier", "text"), col("token", "text"), col("expires", "datetime")],
  },
];

/** Prisma's own bookkeeping table: compared (migration names), never copied. */
export const MIGRATIONS_TABLE = "_prisma_migrations";

/** Double-quoted SQL identifier (both engines). */
export const q = (ident: string): string => `"${ident.replaceAll('"', '""')}"`;
