// The environment every locally started e2e server gets: PostgreSQL, the e2e build, and the provider
// configuration of every test server (test-support/mock-env.ts: the mock Google over HTTPS, the test
// client, the test CA). Production as deployed otherwise: Secure __Host- cookies, which Chromium keeps
// on http://127.0.0.1 as on any secure origin.
import { testServerEnv } from "~test/mock-env";

export async function e2eServerEnv(o: { databaseUrl: string; buildDir: string; mockIssuer: string }): Promise<Record<string, string>> {
  return { DATABASE_URL: o.databaseUrl, SUZUMINA_BUILD_DIR: o.buildDir, ...(await testServerEnv({ issuer: o.mockIssuer })) };
}
