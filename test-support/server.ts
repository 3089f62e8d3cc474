// Starts the real production server on the build made by global-setup, for vitest tests that need HTTP
// (mock sign-in test mode on; pass MOCK_OIDC_URL and DATABASE_URL yourself).
import { inject } from "vitest";
import { launchServer, type RunningServer } from "./launch-server";
import { mockAuthEnv } from "./mock-env";

export { freePort, type RunningServer } from "./launch-server";

/** Production refuses mock sign-in unless told this is a test run; tests pass their own MOCK_OIDC_URL. */
export const TEST_AUTH_ENV = mockAuthEnv();

export async function startServer(env: Record<string, string | undefined>, opts: { timeoutMs?: number } = {}): Promise<RunningServer> {
  return launchServer({ LOG_LEVEL: "info", SUZUMINA_BUILD_DIR: inject("buildDir"), ...TEST_AUTH_ENV, ...env }, opts);
}
