// Starts the real production server on the build made by global-setup, for vitest tests that need HTTP:
// NODE_ENV=production as deployed (Secure __Host- cookies and all), configured for the test provider
// (test-support/mock-env.ts: pass `{ OIDC_ISSUER: mock.issuer }` or use testServerEnv(mock)), with
// APP_URL its own address unless the test gives one.
import { inject } from "vitest";
import { launchServer, type RunningServer } from "./launch-server";
import { testServerEnv } from "./mock-env";

export { freePort, type RunningServer } from "./launch-server";

export async function startServer(env: Record<string, string | undefined>, opts: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const base = await testServerEnv();
  return launchServer((url) => ({ LOG_LEVEL: "info", SUZUMINA_BUILD_DIR: inject("buildDir"), APP_URL: url, ...base, ...env }), opts);
}
