// MIGRATE_ON_START=1: `prisma migrate deploy` before the server listens. Only for single-instance setups
// (a tiny Fly machine, a VM); with several instances each would race to migrate, so there migrations
// are a separate step (Cloud Run Job / Fly release_command running `npm run db:deploy` from the image's
// migrate target). Needs the Prisma CLI, which only the migrate target has.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { redactUrl } from "~/db/provider";
import { EnvError } from "~/env.server";
import { logger } from "./logger.server";

export async function migrateDeploy(databaseUrl: string): Promise<void> {
  let cli: string;
  try {
    cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  } catch {
    throw new EnvError(
      "MIGRATE_ON_START=1 needs the Prisma CLI, which the runtime image leaves out: serve from the migrate target " +
        "(`docker build --target migrate`, command `node server.js`) or migrate with its `npm run db:deploy` instead",
    );
  }
  logger.info({ database: redactUrl(databaseUrl) }, "MIGRATE_ON_START: prisma migrate deploy");
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 5 * 60_000,
    });
    logger.info({ output: stdout.trim().split("\n").slice(-3).join(" | ") }, "migrations applied");
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    // Prisma's messages name the failing migration; they carry no credentials (the URL is not echoed).
    throw new Error(`MIGRATE_ON_START: prisma migrate deploy failed: ${(err.stderr || err.stdout || err.message).trim().slice(-2000)}`);
  }
}
