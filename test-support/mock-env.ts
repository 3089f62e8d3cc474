// The environment a locally started production server gets to sign in through the mock Google: the
// app's explicit test mode and a fixed, test-only session secret (every server of one run must agree on
// it; e2e:session signs with it too). One place for the vitest servers, the e2e run and the benchmarks.
// Names follow app/env.server.ts.
export const TEST_SESSION_SECRET = "test-only-session-secret-0123456789abcdef";

export function mockAuthEnv(mockIssuer?: string): Record<string, string> {
  return {
    AUTH_MOCK: "1",
    AUTH_MOCK_I_UNDERSTAND: "test",
    SESSION_SECRET: TEST_SESSION_SECRET,
    // Every test client comes from 127.0.0.1: hundreds of sign-ins a minute from one address, which the
    // production limit (SIGN_IN_RATE_LIMIT) would rightly refuse; tests/rate-limit.http.test.ts runs the default.
    SIGN_IN_RATE_LIMIT: "1000000",
    ...(mockIssuer ? { MOCK_OIDC_URL: mockIssuer } : {}),
  };
}
