// The sign-in part of the environment: the provider is configured (an issuer and a client), never
// switched; production refuses what would weaken it, naming the variable.
import { describe, expect, it } from "vitest";
import { assertCanServe, GOOGLE_ISSUER, parseEnv } from "~/env.server";

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
  it("defaults to Google's issuer; development defaults the access policy and lifetimes", () => {
    const e = parseEnv({ NODE_ENV: "development", GOOGLE_CLIENT_ID: "dev", GOOGLE_CLIENT_SECRET: "dev-secret" });
    expect(e.OIDC_ISSUER).toBe(GOOGLE_ISSUER);
    expect(e.ACCESS_POLICY).toBe("open");
    expect(e.SESSION_MAX_AGE_DAYS).toBe(30);
    expect(e.SESSION_SECRETS).toHaveLength(1);
  });

  it("parses lists: secrets in order, e-mails and domains lower-cased", () => {
    const e = parseEnv({ ...PROD, ...GOOGLE, SESSION_SECRET: `${"n".repeat(32)}, ${"o".repeat(32)}`, ADMIN_EMAILS: " Boss@Example.com ,x@y.z", ALLOWED_EMAIL_DOMAINS: "@Example.ORG" });
    expect(e.SESSION_SECRETS).toEqual(["n".repeat(32), "o".repeat(32)]);
    expect(e.ADMIN_EMAILS).toEqual(["boss@example.com", "x@y.z"]);
    expect(e.ALLOWED_EMAIL_DOMAINS).toEqual(["example.org"]);
  });

  it("needs a provider client to serve, in development as in production (npm run dev gives the mock's)", () => {
    expect(fails(PROD)).toMatch(/GOOGLE_CLIENT_ID: is required when NODE_ENV=production/);
    expect(fails({ ...PROD, ...GOOGLE, GOOGLE_CLIENT_SECRET: "" })).toMatch(/GOOGLE_CLIENT_SECRET: is required/);
    // development tools (seed, data commands) run without one; a development server does not start
    const dev = parseEnv({ NODE_ENV: "development" });
    expect(() => assertCanServe(dev)).toThrow(/GOOGLE_CLIENT_ID: is required to serve \(npm run dev sets the local mock's development client\)/);
    expect(() => assertCanServe(parseEnv({ NODE_ENV: "development", GOOGLE_CLIENT_ID: "dev", GOOGLE_CLIENT_SECRET: "s" }))).not.toThrow();
  });

  it("refuses the removed AUTH_MOCK switch, pointing at OIDC_ISSUER", () => {
    for (const value of ["1", "0", "true"]) {
      expect(fails({ ...PROD, ...GOOGLE, AUTH_MOCK: value })).toMatch(/AUTH_MOCK: was removed: .*point OIDC_ISSUER at the mock/);
    }
  });

  it("takes another issuer over https in production, with all three explicit endpoints or none", () => {
    expect(parseEnv({ ...PROD, ...GOOGLE, OIDC_ISSUER: "https://id.example.org" }).OIDC_ISSUER).toBe("https://id.example.org");
    expect(fails({ ...PROD, ...GOOGLE, OIDC_ISSUER: "http://127.0.0.1:4010" })).toMatch(/OIDC_ISSUER: must be an https:\/\/ URL when NODE_ENV=production/);
    expect(fails({ ...PROD, ...GOOGLE, OIDC_TOKEN_URL: "https://id.example.org/token" })).toMatch(/OIDC_AUTHORIZATION_URL: .*set all three or none/);
    const all = { OIDC_AUTHORIZATION_URL: "https://id.example.org/a", OIDC_TOKEN_URL: "https://id.example.org/t", OIDC_USERINFO_URL: "https://id.example.org/u" };
    expect(parseEnv({ ...PROD, ...GOOGLE, ...all }).OIDC_USERINFO_URL).toBe(all.OIDC_USERINFO_URL);
    expect(fails({ ...PROD, ...GOOGLE, ...all, OIDC_TOKEN_URL: "http://id.example.org/t" })).toMatch(/OIDC_TOKEN_URL: must be an https:\/\//);
    // development may use a plain-http local provider
    expect(parseEnv({ NODE_ENV: "development", GOOGLE_CLIENT_ID: "dev", GOOGLE_CLIENT_SECRET: "x", OIDC_ISSUER: "http://127.0.0.1:4010" }).OIDC_ISSUER).toBe("http://127.0.0.1:4010");
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
    expect(fails({ ...PROD, ...GOOGLE, APP_URL: "" })).toMatch(/APP_URL/);
    expect(fails({ ...PROD, ...GOOGLE, ACCESS_POLICY: "domain" })).toMatch(/ALLOWED_EMAIL_DOMAINS/);
    expect(fails({ ...PROD, ...GOOGLE, SESSION_MAX_AGE_DAYS: "0" })).toMatch(/SESSION_MAX_AGE_DAYS/);
  });
});
