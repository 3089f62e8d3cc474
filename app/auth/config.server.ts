// Sign-in settings derived from the environment, and the app's own origin.
import { env } from "~/env.server";

export type AccessPolicy = "open" | "domain" | "invite";

export interface ProviderEndpoints {
  authorizationURL: string;
  tokenURL: string;
  userInfoURL: string;
}

export const GOOGLE_ENDPOINTS: ProviderEndpoints = {
  authorizationURL: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenURL: "https://oauth2.googleapis.com/token",
  userInfoURL: "https://openidconnect.googleapis.com/v1/userinfo",
};

export function mockEndpoints(mockUrl: string): ProviderEndpoints {
  const base = mockUrl.replace(/\/+$/, "");
  return { authorizationURL: `${base}/authorize`, tokenURL: `${base}/token`, userInfoURL: `${base}/userinfo` };
}

export interface AuthConfig {
  mode: "mock" | "google";
  endpoints: ProviderEndpoints;
  clientID: string;
  clientSecret: string;
  callbackURL?: string;
  appUrl?: string;
  policy: AccessPolicy;
  allowedDomains: string[];
  adminEmails: string[];
  secrets: string[];
  usingDevSecret: boolean;
  maxAgeSeconds: number;
  absoluteMaxAgeSeconds: number;
  maxSessionsPerUser: number;
  secureCookies: boolean;
}

// Derived once per parsed environment: several loaders ask for it on every request.
const configs = new WeakMap<object, AuthConfig>();

export function authConfig(): AuthConfig {
  const e = env();
  let c = configs.get(e);
  if (!c) configs.set(e, (c = deriveAuthConfig(e)));
  return c;
}

function deriveAuthConfig(e: ReturnType<typeof env>): AuthConfig {
  const mock = e.AUTH_MODE === "mock";
  return Object.freeze({
    mode: e.AUTH_MODE,
    endpoints: mock ? mockEndpoints(e.MOCK_OIDC_URL) : GOOGLE_ENDPOINTS,
    clientID: mock ? "suzumina-mock-client" : e.GOOGLE_CLIENT_ID!,
    clientSecret: mock ? "mock-secret" : e.GOOGLE_CLIENT_SECRET!,
    callbackURL: e.GOOGLE_CALLBACK_URL,
    appUrl: e.APP_URL,
    policy: e.ACCESS_POLICY,
    allowedDomains: e.ALLOWED_EMAIL_DOMAINS,
    adminEmails: e.ADMIN_EMAILS,
    secrets: e.SESSION_SECRETS,
    usingDevSecret: !e.SESSION_SECRET,
    maxAgeSeconds: e.SESSION_MAX_AGE_DAYS * 86_400,
    absoluteMaxAgeSeconds: e.SESSION_ABSOLUTE_MAX_AGE_DAYS * 86_400,
    maxSessionsPerUser: e.SESSION_MAX_PER_USER,
    // The documented production test mode runs over plain http on loopback.
    secureCookies: e.NODE_ENV === "production" && !(e.AUTH_MOCK && e.AUTH_MOCK_I_UNDERSTAND === "test"),
  });
}

/**
 * The origin users see: APP_URL (or the callback URL's origin) when set — behind a TLS-terminating proxy the
 * request URL may say http — else the request's own.
 */
export function appOrigin(request: Request): string {
  const e = env();
  const configured = e.APP_URL ?? e.GOOGLE_CALLBACK_URL;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}

export function callbackUrl(request: Request): string {
  return env().GOOGLE_CALLBACK_URL ?? `${appOrigin(request)}/auth/google/callback`;
}
