import { providerOf, redactUrl } from "~/db/provider";
import { Refusal, type Endpoint } from "./endpoint";
import { openPostgres } from "./postgresql";
import { openSqlite } from "./sqlite";

/** Connects to the database a DATABASE_URL names; Refusal (one line, no password) when it can't. */
export async function openEndpoint(url: string, role: "source" | "target"): Promise<Endpoint> {
  let provider;
  try {
    provider = providerOf(url);
  } catch {
    throw new Refusal(`--${role === "source" ? "from" : "to"} "${redactUrl(url)}" is not a database URL (file:… for SQLite, postgresql://… for PostgreSQL)`);
  }
  return provider === "sqlite" ? openSqlite(url, role) : openPostgres(url);
}
