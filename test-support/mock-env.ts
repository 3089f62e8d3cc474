// How test servers and the mock Google are configured: exactly as production configures a provider —
// OIDC_ISSUER (the mock, over HTTPS with the test CA of test-support/tls.ts, trusted by the server through
// NODE_EXTRA_CA_CERTS), a client id and secret the mock checks as Google does — plus a fixed test-only
// session secret (every server of one run must agree on it; e2e:session signs with it too). One place for
// the vitest servers, the e2e run, the benchmarks and the rehearsal. Names follow app/env.server.ts.
import { startMockOidc, type MockOidc, type MockOidcOptions } from "../scripts/mock-oidc";
import { testTls } from "./tls";

export const TEST_SESSION_SECRET = "test-only-session-secret-0123456789abcdef";
export const TEST_CLIENT = { id: "suzumina-test-client.apps.example", secret: "suzumina-test-client-secret" } as const;

/** The production environment of a test server: add DATABASE_URL, APP_URL and what the test is about. */
export async function testServerEnv(mock?: Pick<MockOidc, "issuer">): Promise<Record<string, string>> {
  return {
    SESSION_SECRET: TEST_SESSION_SECRET,
    GOOGLE_CLIENT_ID: TEST_CLIENT.id,
    GOOGLE_CLIENT_SECRET: TEST_CLIENT.secret,
    NODE_EXTRA_CA_CERTS: (await testTls()).caFile,
    ACCESS_POLICY: "open",
    // Every test client comes from 127.0.0.1: hundreds of sign-ins a minute from one address, which the
    // production limit (SIGN_IN_RATE_LIMIT) would rightly refuse; tests/rate-limit.http.test.ts runs the default.
    SIGN_IN_RATE_LIMIT: "1000000",
    ...(mock ? { OIDC_ISSUER: mock.issuer } : {}),
  };
}

/** The mock Google over HTTPS (test CA), accepting only the test client. */
export async function startTestMock(opts: Omit<MockOidcOptions, "tls" | "clientId" | "clientSecret"> = {}): Promise<MockOidc> {
  const { key, cert } = await testTls();
  return startMockOidc({ ...opts, tls: { key, cert }, clientId: TEST_CLIENT.id, clientSecret: TEST_CLIENT.secret });
}
