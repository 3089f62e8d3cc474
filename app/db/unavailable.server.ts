// Recognises "the database cannot serve right now" errors — unreachable server, dropped connection,
// pool exhausted, read-only or full storage — from either engine, by the codes Prisma and the drivers
// attach, so the app can answer 503/507 with a friendly page instead of a 500. A code table, not an
// engine switch: both engines' codes sit side by side and nothing asks which engine is running.

export type UnavailableReason = "unreachable" | "busy" | "read_only" | "storage_full" | "io";

export interface DatabaseUnavailable {
  reason: UnavailableReason;
  /** HTTP status to answer with: 507 when storage is full, 503 otherwise. */
  status: 503 | 507;
  /** The code that matched (safe to log: no values, no URLs). */
  code: string;
}

// Prisma error codes (https://www.prisma.io/docs/orm/reference/error-reference).
const PRISMA: Record<string, UnavailableReason> = {
  P1001: "unreachable", // can't reach database server
  P1002: "unreachable", // server reached, timed out
  P1003: "unreachable", // database does not exist (yet / any more)
  P1008: "busy", // operation timed out
  P1017: "unreachable", // server closed the connection
  P2024: "busy", // timed out fetching a connection from the pool
  P2034: "busy", // write conflict / deadlock: retryable
};

// Driver adapter error kinds (Prisma's engine-neutral names for driver errors).
const KINDS: Record<string, UnavailableReason> = {
  DatabaseNotReachable: "unreachable",
  DatabaseDoesNotExist: "unreachable",
  ConnectionClosed: "unreachable",
  SocketTimeout: "unreachable",
  TLSConnectionError: "unreachable",
  TooManyConnections: "busy",
  TransactionWriteConflict: "busy",
};

// Driver / system codes, by prefix (SQLite extended codes such as SQLITE_READONLY_DBMOVED included).
const CODES: [prefix: string, reason: UnavailableReason][] = [
  ["SQLITE_BUSY", "busy"],
  ["SQLITE_LOCKED", "busy"],
  ["SQLITE_READONLY", "read_only"],
  ["SQLITE_FULL", "storage_full"],
  ["SQLITE_IOERR", "io"],
  ["SQLITE_CANTOPEN", "io"],
  ["SQLITE_PROTOCOL", "busy"],
  ["ECONNREFUSED", "unreachable"],
  ["ECONNRESET", "unreachable"],
  ["ETIMEDOUT", "unreachable"],
  ["EPIPE", "unreachable"],
  ["EHOSTUNREACH", "unreachable"],
  ["ENOTFOUND", "unreachable"],
  ["EAI_AGAIN", "unreachable"],
  ["ENOSPC", "storage_full"],
  ["EROFS", "read_only"],
  ["57P01", "unreachable"], // PostgreSQL admin_shutdown
  ["57P03", "unreachable"], // cannot_connect_now (starting up, recovering)
  ["53300", "busy"], // too_many_connections
  ["57014", "busy"], // query_canceled: statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS)
  ["53100", "storage_full"], // disk_full
  ["25006", "read_only"], // read_only_sql_transaction (replica, or default_transaction_read_only)
  ["40001", "busy"], // serialization_failure: retryable
  ["40P01", "busy"], // deadlock_detected: retryable
];

const WRITE_CONFLICTS = new Set(["P2034", "TransactionWriteConflict", "40001", "40P01"]);

/** A serializable transaction lost a race (PostgreSQL aborted it): running it again is safe. */
export function isWriteConflict(error: unknown): boolean {
  return WRITE_CONFLICTS.has(databaseUnavailable(error)?.code ?? "");
}

// node-postgres reports some connection failures by message only.
const MESSAGES: [RegExp, UnavailableReason][] = [
  [/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i, "unreachable"],
];

function fromCode(code: unknown): UnavailableReason | undefined {
  if (typeof code !== "string" || !code) return undefined;
  return PRISMA[code] ?? KINDS[code] ?? CODES.find(([prefix]) => code.startsWith(prefix))?.[1];
}

/** Classifies an error (following .cause, Prisma's meta.driverAdapterError); null if it is not one of these. */
export function databaseUnavailable(error: unknown): DatabaseUnavailable | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const o = e as Record<string, unknown>;
    // Prisma's own code first: a driver's SQLITE_IOERR under P1001 is still "unreachable".
    for (const key of ["errorCode", "code", "kind", "originalCode"]) {
      const code = o[key];
      const reason = fromCode(code);
      if (reason) return { reason, status: reason === "storage_full" ? 507 : 503, code: String(code) };
    }
    if (typeof o.message === "string") {
      const hit = MESSAGES.find(([re]) => re.test(o.message as string));
      if (hit) return { reason: hit[1], status: 503, code: "connection" };
    }
    const meta = o.meta as Record<string, unknown> | undefined;
    queue.push(o.cause, meta?.driverAdapterError, (meta?.driverAdapterError as { cause?: unknown } | undefined)?.cause);
  }
  return null;
}
