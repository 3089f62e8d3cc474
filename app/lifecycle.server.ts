// Start-up and shutdown of the server process, called by server.js through the server build
// (entry.server re-exports these), so the server needs no knowledge of the app's modules.
import { closeDatabase, database } from "~/db/client.server";
import { env, EnvError } from "~/env.server";
import { logger } from "~/observability/logger.server";
import { redactUrl } from "~/db/provider";

export { EnvError, logger };

/** Validates the environment (throws EnvError) and opens the database. */
export async function startup(): Promise<void> {
  const e = env();
  const d = database();
  logger.info({ provider: d.provider, database: redactUrl(e.DATABASE_URL), nodeEnv: e.NODE_ENV }, "starting");
}

export async function shutdown(): Promise<void> {
  await closeDatabase();
}
