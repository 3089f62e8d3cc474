// The environment every locally started e2e server gets: PostgreSQL, the e2e build, and the app's
// explicit mock/test mode (mock Google, session cookie without Secure because the run is plain http).
// Names follow app/env.server.ts; keep them in step with it.
export function e2eServerEnv(o: { databaseUrl: string; buildDir: string; mockIssuer: string }): Record<string, string> {
  return {
    DATABASE_URL: o.databaseUrl,
    SUZUMINA_BUILD_DIR: o.buildDir,
    AUTH_MOCK: "1",
    AUTH_MOCK_I_UNDERSTAND: "test",
    MOCK_OIDC_URL: o.mockIssuer,
    // A fixed, test-only secret: the servers of one run must agree on it (e2e:session signs with it too).
    SESSION_SECRET: "e2e-only-session-secret-0123456789abcdef",
  };
}
