// Prometheus metrics (prom-client): the seed's monitoring plan — connections, query performance, error
// rate, resources — as numbers a scraper (Cloud Monitoring's Prometheus ingestion, Grafana Agent, …)
// can read from /metrics. One registry per process, kept on globalThis across `remix dev` rebuilds.
import client from "prom-client";
import { databaseSizeBytes, poolStats } from "~/db/health.server";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new client.Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route (Remix route id or fixed path) and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: SECONDS,
      registers,
    }),
    httpErrors: new client.Counter({
      name: "http_request_errors_total",
      help: "HTTP responses with status >= 500, by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    queryDuration: new client.Histogram({
      name: "db_query_duration_seconds",
      help: "Database query duration by SQL statement kind (SELECT, INSERT, …)",
      labelNames: ["operation"] as const,
      buckets: QUERY_SECONDS,
      registers,
    }),
    slowQueries: new client.Counter({
      name: "db_slow_queries_total",
      help: "Database queries slower than SLOW_QUERY_MS",
      registers,
    }),
    dbSize: new client.Gauge({
      name: "db_size_bytes",
      help: "Database size on disk (SQLite file + WAL, or pg_database_size), sampled every DB_SIZE_SAMPLE_MS",
      registers,
    }),
    dbUp: new client.Gauge({
      name: "db_up",
      help: "1 if the last readiness ping reached the database, else 0",
      registers,
    }),
    pool: new client.Gauge({
      name: "db_pool_connections",
      help: "PostgreSQL pool connections: total, idle, and requests waiting for one",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const s = poolStats();
        if (!s) return;
        this.set({ state: "total" }, s.total);
        this.set({ state: "idle" }, s.idle);
        this.set({ state: "waiting" }, s.waiting);
      },
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const g = globalThis as typeof globalThis & { __suzuminaMetrics?: Metrics; __suzuminaSizeTimer?: NodeJS.Timeout };
export const metrics: Metrics = (g.__suzuminaMetrics ??= create());

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method: METHODS.has(method) ? method : "OTHER", route, status: String(status) };
  metrics.httpDuration.observe(labels, seconds);
  if (status >= 500) metrics.httpErrors.inc(labels);
}

/** First keyword of the statement: a label with a handful of values, never the SQL itself. */
export function statementKind(sql: string): string {
  const word = /^\s*(?:\/\*.*?\*\/\s*)?([a-z]+)/is.exec(sql)?.[1]?.toUpperCase();
  return word && /^(SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)$/.test(word) ? word : "OTHER";
}

/** Samples the database size now and then every intervalMs (not per request: pg_database_size walks files). */
export function startDbSizeSampler(intervalMs: number, onError: (e: unknown) => void): void {
  stopDbSizeSampler();
  const sample = () =>
    databaseSizeBytes().then(
      (bytes) => metrics.dbSize.set(bytes),
      (e) => onError(e),
    );
  void sample();
  g.__suzuminaSizeTimer = setInterval(sample, intervalMs).unref();
}

export function stopDbSizeSampler(): void {
  clearInterval(g.__suzuminaSizeTimer);
  g.__suzuminaSizeTimer = undefined;
}
