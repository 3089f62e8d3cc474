// Start-up and shutdown of the server process, called by server.js through the server build
// (entry.server re-exports these), so the server needs no knowledge of the app's modules.
import { closeDatabase, database } from "~/db/client.server";
import { redactUrl } from "~/db/provider";
import { assertCanServe, env, EnvError } from "~/env.server";
import { createOperations, markStopping } from "~/observability/http.server";
import { logger } from "~/observability/logger.server";
import { startDbSizeSampler, stopDbSizeSampler } from "~/observability/metrics.server";
import { migrateDeploy } from "~/observability/migrate-on-start.server";
import { watchQueries } from "~/observability/queries.server";

export { createOperations, EnvError, logger };

/** Validates the environment (throws EnvError), migrates if asked to, and opens the database. */
export async function startup(): Promise<void> {
  const e = env();
  assertCanServe(e);
  if (e.MIGRATE_ON_START) await migrateDeploy(e.DATABASE_URL);
  const d = database();
  watchQueries(e.SLOW_QUERY_MS);
  startDbSizeSampler(e.DB_SIZE_SAMPLE_MS, (err) => logger.warn({ err }, "database size sample failed"));
  logger.info({ provider: d.provider, database: redactUrl(e.DATABASE_URL), nodeEnv: e.NODE_ENV }, "starting");
}

/** First step of a graceful stop: readiness turns 503 while in-flight requests finish. */
export function beginShutdown(): void {
  markStopping();
  stopDbSizeSampler();
}

/** Last step, after the HTTP server closed: release the pool / SQLite handle. */
export async function shutdown(): Promise<void> {
  stopDbSizeSampler();
  await closeDatabase();
}
