// The environment every locally started e2e server gets: PostgreSQL, the e2e build, and the app's
// explicit mock/test mode (mock Google, session cookie without Secure because the run is plain http).
// Names follow app/env.server.ts; keep them in step with it.
import { mockAuthEnv } from "~test/mock-env";

export function e2eServerEnv(o: { databaseUrl: string; buildDir: string; mockIssuer: string }): Record<string, string> {
  return { DATABASE_URL: o.databaseUrl, SUZUMINA_BUILD_DIR: o.buildDir, ...mockAuthEnv(o.mockIssuer) };
}
