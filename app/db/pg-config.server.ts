// Turns a postgresql:// URL into a pg.Pool config with libpq's sslmode meanings, which node-postgres
// does not follow by default (it treats sslmode=require as verify-full). Handles the Cloud SQL unix
// socket form `postgresql://user:pass@localhost/db?host=/cloudsql/PROJECT:REGION:INSTANCE`.
import { readFileSync } from "node:fs";
import type { PoolConfig } from "pg";
import { parse } from "pg-connection-string";

const SSL_PARAMS = new Set(["sslmode", "sslrootcert", "ssl", "uselibpqcompat", "sslcert", "sslkey"]);
type SslMode = "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
const SSL_MODES: readonly SslMode[] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

export interface PgConfigOptions {
  poolMax: number;
  /** PEM text (DATABASE_SSL_CA); `sslrootcert=<file>` in the URL wins over it. */
  ca?: string;
  /** Server-side statement_timeout in ms (DATABASE_STATEMENT_TIMEOUT_MS); unset or 0 = none (bulk transfers). */
  statementTimeoutMs?: number;
  /** Every transaction of these connections read-only (MAINTENANCE_MODE=read-only): PostgreSQL refuses writes. */
  readOnly?: boolean;
}

export function pgPoolConfig(url: string, { poolMax, ca, statementTimeoutMs, readOnly }: PgConfigOptions): PoolConfig {
  const [base, query = ""] = url.split(/\?(.*)/s, 2);
  const params = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const [k, v] of params) if (!SSL_PARAMS.has(k)) kept.append(k, v);

  const mode = (params.get("sslmode") ?? (params.get("ssl") === "true" ? "require" : "disable")) as SslMode;
  if (!SSL_MODES.includes(mode)) {
    throw new Error(`DATABASE_URL: sslmode "${mode}" is not one of ${SSL_MODES.join(", ")}`);
  }
  const rootCert = params.get("sslrootcert");
  const caText = rootCert ? readFileSync(rootCert, "utf8") : ca;

  let ssl: PoolConfig["ssl"];
  switch (mode) {
    case "disable":
    case "allow": // libpq tries plain first; so do we
      ssl = false;
      break;
    case "prefer":
    case "require":
      // Encrypted; like libpq, a supplied CA upgrades require to verify-ca.
      ssl = caText ? { ca: caText, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
      break;
    case "verify-ca":
      if (!caText) throw new Error("DATABASE_SSL_CA: required for sslmode=verify-ca (or put sslrootcert=<file> in DATABASE_URL)");
      ssl = { ca: caText, checkServerIdentity: () => undefined };
      break;
    case "verify-full":
      // Without a CA of our own, Node's bundled public CAs verify the chain.
      ssl = caText ? { ca: caText, rejectUnauthorized: true } : { rejectUnauthorized: true };
      break;
  }

  const rest = kept.toString();
  const parsed = parse(rest ? `${base}?${rest}` : base);
  return {
    host: parsed.host ?? undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.user ?? undefined,
    password: parsed.password ?? undefined,
    database: parsed.database ?? undefined,
    application_name: (parsed as { application_name?: string }).application_name ?? "suzumina-web",
    ssl,
    max: poolMax,
    // Fail fast when the server is unreachable instead of queueing forever; readiness depends on it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // TCP keepalive: a pooled connection whose peer vanished (failover, NAT timeout) errors out instead
    // of lingering as if idle.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    ...(readOnly ? { options: "-c default_transaction_read_only=on" } : {}),
  };
}
