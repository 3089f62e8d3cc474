// Cheap database probes for readiness and metrics. They run beside, not inside, the request path:
// /readyz pings with a short timeout, size and pool numbers are sampled by the metrics module.
import { stat } from "node:fs/promises";
import { database, db } from "./client.server";

export type Ping = { ok: true; ms: number } | { ok: false; reason: "timeout" | "error"; error?: unknown };

/** `SELECT 1` through the app's own client and pool, answered within timeoutMs or reported as a timeout. */
export async function pingDatabase(timeoutMs: number): Promise<Ping> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Ping>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: "timeout" }), timeoutMs);
  });
  const ping = db()
    .$queryRaw`SELECT 1`.then(
      (): Ping => ({ ok: true, ms: performance.now() - started }),
      (error: unknown): Ping => ({ ok: false, reason: "error", error }),
    );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0; // no -wal file yet
  }
}

/** Bytes on disk: the SQLite file plus its WAL, or pg_database_size of the current database. */
export async function databaseSizeBytes(): Promise<number> {
  const d = database();
  if (d.file) return (await fileSize(d.file)) + (await fileSize(`${d.file}-wal`));
  if (d.pool) {
    const r = await d.pool.query<{ size: string }>("SELECT pg_database_size(current_database())::text AS size");
    return Number(r.rows[0]?.size ?? 0);
  }
  return 0;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The PostgreSQL pool's counters; undefined on SQLite (no pool). */
export function poolStats(): PoolStats | undefined {
  const pool = database().pool;
  return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
