// GENERATED from prisma/postgresql/schema.prisma by scripts/db-schema.ts — do not edit: edit that file and run `npm run db:schema`
// (or `npm run db:change`). sha256 of the lines below: 6f87df98493df311c59f663aa19478430e7998ab3c36878e8290bc6a883b84f0
import type { Table } from "./tables";

/** Every table of the schema, parents before children (foreign-key order), with each column's kind. */
export const GENERATED_TABLES: readonly Table[] = [
  {
    name: "users",
    key: ["id"],
    columns: [
      { name: "id", kind: "text", nullable: false },
      { name: "display_name", kind: "text", nullable: false },
      { name: "avatar_url", kind: "text", nullable: false },
      { name: "google_avatar_url", kind: "text", nullable: true },
      { name: "role", kind: "text", nullable: false },
      { name: "email", kind: "text", nullable: true },
      { name: "created_at", kind: "datetime", nullable: false },
      { name: "updated_at", kind: "datetime", nullable: false },
      { name: "search_text", kind: "text", nullable: true },
      { name: "blocked_at", kind: "datetime", nullable: true },
    ],
  },
  {
    name: "accounts",
    key: ["id"],
    columns: [
      { name: "id", kind: "text", nullable: false },
      { name: "user_id", kind: "text", nullable: false },
      { name: "type", kind: "text", nullable: false },
      { name: "provider", kind: "text", nullable: false },
      { name: "provider_account_id", kind: "text", nullable: false },
      { name: "refresh_token", kind: "text", nullable: true },
      { name: "access_token", kind: "text", nullable: true },
      { name: "expires_at", kind: "int", nullable: true },
      { name: "token_type", kind: "text", nullable: true },
      { name: "scope", kind: "text", nullable: true },
      { name: "id_token", kind: "text", nullable: true },
      { name: "session_state", kind: "text", nullable: true },
    ],
  },
  {
    name: "sessions",
    key: ["id"],
    columns: [
      { name: "id", kind: "text", nullable: false },
      { name: "user_id", kind: "text", nullable: false },
      { name: "session_token", kind: "text", nullable: false },
      { name: "expires", kind: "datetime", nullable: false },
      { name: "created_at", kind: "datetime", nullable: false },
    ],
  },
  {
    name: "verification_tokens",
    key: ["identifier","token"],
    columns: [
      { name: "identifier", kind: "text", nullable: false },
      { name: "token", kind: "text", nullable: false },
      { name: "expires", kind: "datetime", nullable: false },
    ],
  },
];
