// Starts the real production server (`node server.js` on the e2e build) on a free loopback port with env
// overrides, through the launcher the vitest helpers use too.
import { launchServer } from "~test/launch-server";

export { freePort, ROOT } from "~test/launch-server";

export interface RunningApp {
  url: string;
  port: number;
  proc: import("node:child_process").ChildProcess;
  /** Everything the process printed so far (stdout + stderr). */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Runs the server with NODE_ENV=production and the given overrides (the e2e environment from
 * global-setup is in process.env already). Resolves once it answers HTTP.
 */
export async function startApp(overrides: Record<string, string | undefined> = {}, timeoutMs = 20_000): Promise<RunningApp> {
  const app = await launchServer(
    (url) => ({ LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? "warn", APP_URL: url, ...overrides }),
    { timeoutMs },
  );
  return {
    ...app,
    stop: async () => {
      // A server that does not drain in time is killed: teardown must not hang.
      const t = setTimeout(() => app.proc.kill("SIGKILL"), 10_000);
      await app.stop("SIGTERM");
      clearTimeout(t);
    },
  };
}
