// The sign-in part of the environment: production never runs the mock by accident.
import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { startServer } from "~test/server";

const PROD = { NODE_ENV: "production", DATABASE_URL: "file:./data/unused.db", SESSION_SECRET: "s".repeat(32), ACCESS_POLICY: "invite" };
const GOOGLE = { GOOGLE_CLIENT_ID: "id.apps.googleusercontent.com", GOOGLE_CLIENT_SECRET: "secret", APP_URL: "https://web.example.org" };
const fails = (e: Record<string, string>) => {
  try {
    parseEnv(e);
    return "";
  } catch (err) {
    return (err as Error).message;
  }
};

describe("sign-in environment", () => {
  it("uses the mock in development without Google credentials, with defaults", () => {
    const e = parseEnv({ NODE_ENV: "development" });
    expect(e.AUTH_MODE).toBe("mock");
    expect(e.ACCESS_POLICY).toBe("open");
    expect(e.SESSION_MAX_AGE_DAYS).toBe(30);
    expect(e.MOCK_OIDC_URL).toBe("http://127.0.0.1:4010");
    expect(e.SESSION_SECRETS).toHaveLength(1);
  });

  it("parses lists: secrets in order, e-mails and domains lower-cased", () => {
    const e = parseEnv({ ...PROD, ...GOOGLE, SESSION_SECRET: `${"n".repeat(32)}, ${"o".repeat(32)}`, ADMIN_EMAILS: " Boss@Example.com ,x@y.z", ALLOWED_EMAIL_DOMAINS: "@Example.ORG" });
    expect(e.AUTH_MODE).toBe("google");
    expect(e.SESSION_SECRETS).toEqual(["n".repeat(32), "o".repeat(32)]);
    expect(e.ADMIN_EMAILS).toEqual(["boss@example.com", "x@y.z"]);
    expect(e.ALLOWED_EMAIL_DOMAINS).toEqual(["example.org"]);
  });

  it("refuses the mock in production unless the explicit test switch is set", () => {
    expect(fails(PROD)).toMatch(/GOOGLE_CLIENT_ID: is required when NODE_ENV=production/);
    expect(fails({ ...PROD, GOOGLE_CLIENT_ID: "mock" })).toMatch(/GOOGLE_CLIENT_ID/);
    expect(fails({ ...PROD, ...GOOGLE, AUTH_MOCK: "1" })).toMatch(/AUTH_MOCK: mock sign-in is refused/);
    expect(fails({ ...PROD, AUTH_MOCK: "1", AUTH_MOCK_I_UNDERSTAND: "yes" })).toMatch(/AUTH_MOCK/);
    expect(parseEnv({ ...PROD, AUTH_MOCK: "1", AUTH_MOCK_I_UNDERSTAND: "test" }).AUTH_MODE).toBe("mock");
  });

  it("refuses AUTH_MOCK in production when a real GOOGLE_CLIENT_ID is set, even with the test switch", () => {
    expect(fails({ ...PROD, ...GOOGLE, AUTH_MOCK: "1", AUTH_MOCK_I_UNDERSTAND: "test" })).toMatch(/AUTH_MOCK: .*GOOGLE_CLIENT_ID/);
    expect(fails({ ...PROD, ...GOOGLE, AUTH_MOCK: "true", AUTH_MOCK_I_UNDERSTAND: "test" })).toMatch(/AUTH_MOCK/);
    // outside production the mock may still be forced over real credentials (local debugging)
    expect(parseEnv({ NODE_ENV: "development", ...GOOGLE, AUTH_MOCK: "1" }).AUTH_MODE).toBe("mock");
  });

  it("validates ALLOWED_EMAIL_DOMAINS: Workspace domains, consumer:… for consumer ones, naming the variable", () => {
    const domain = { ...PROD, ...GOOGLE, ACCESS_POLICY: "domain" };
    expect(parseEnv({ ...domain, ALLOWED_EMAIL_DOMAINS: "Example.org, consumer:Gmail.com" }).ALLOWED_EMAIL_DOMAINS).toEqual(["example.org", "consumer:gmail.com"]);
    expect(fails({ ...domain, ALLOWED_EMAIL_DOMAINS: "gmail.com" })).toMatch(/ALLOWED_EMAIL_DOMAINS: gmail.com is not a Google Workspace domain: list it as consumer:gmail.com/);
    expect(fails({ ...domain, ALLOWED_EMAIL_DOMAINS: "example.org,not a domain" })).toMatch(/ALLOWED_EMAIL_DOMAINS: "not a domain" is not a domain/);
    expect(fails({ ...domain, ALLOWED_EMAIL_DOMAINS: "consumer:" })).toMatch(/ALLOWED_EMAIL_DOMAINS/);
    expect(fails({ ...domain, ALLOWED_EMAIL_DOMAINS: "workspace:example.org" })).toMatch(/ALLOWED_EMAIL_DOMAINS/);
  });

  it("requires in production: SESSION_SECRET (≥ 32 chars each), ACCESS_POLICY, Google secret and public URL", () => {
    expect(fails({ ...PROD, ...GOOGLE, SESSION_SECRET: "" })).toMatch(/SESSION_SECRET: is required/);
    expect(fails({ ...PROD, ...GOOGLE, SESSION_SECRET: `${"a".repeat(32)},short` })).toMatch(/SESSION_SECRET: each/);
    expect(fails({ ...PROD, ...GOOGLE, ACCESS_POLICY: "" })).toMatch(/ACCESS_POLICY: is required/);
    expect(fails({ ...PROD, ...GOOGLE, ACCESS_POLICY: "everyone" })).toMatch(/ACCESS_POLICY/);
    expect(fails({ ...PROD, ...GOOGLE, GOOGLE_CLIENT_SECRET: "" })).toMatch(/GOOGLE_CLIENT_SECRET/);
    expect(fails({ ...PROD, ...GOOGLE, APP_URL: "" })).toMatch(/APP_URL/);
    expect(fails({ ...PROD, ...GOOGLE, ACCESS_POLICY: "domain" })).toMatch(/ALLOWED_EMAIL_DOMAINS/);
    expect(fails({ ...PROD, ...GOOGLE, SESSION_MAX_AGE_DAYS: "0" })).toMatch(/SESSION_MAX_AGE_DAYS/);
  });

  it("the production server with real Google credentials refuses to start when AUTH_MOCK is also set", async () => {
    await expect(startServer({ DATABASE_URL: "file:./data/unused.db", ...GOOGLE }, { timeoutMs: 10_000 })).rejects.toThrow(/AUTH_MOCK: .*GOOGLE_CLIENT_ID/);
  });

  it("the production server refuses to start in mock mode, naming the variable", async () => {
    await expect(startServer({ DATABASE_URL: "file:./data/unused.db", AUTH_MOCK_I_UNDERSTAND: "" }, { timeoutMs: 10_000 })).rejects.toThrow(
      /AUTH_MOCK: mock sign-in is refused when NODE_ENV=production/,
    );
  });
});
