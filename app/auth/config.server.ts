// Sign-in settings derived from the environment, and the app's own origin.
import { z } from "zod";
import { env, GOOGLE_ISSUER } from "~/env.server";

export type AccessPolicy = "open" | "domain" | "invite";

export interface ProviderEndpoints {
  authorizationURL: string;
  tokenURL: string;
  userInfoURL: string;
}

/** Google's endpoints (its discovery document says so; no need to fetch it). */
export const GOOGLE_ENDPOINTS: ProviderEndpoints = {
  authorizationURL: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenURL: "https://oauth2.googleapis.com/token",
  userInfoURL: "https://openidconnect.googleapis.com/v1/userinfo",
};

export interface AuthConfig {
  issuer: string;
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
  return Object.freeze({
    issuer: e.OIDC_ISSUER.replace(/\/+$/, ""),
    clientID: e.GOOGLE_CLIENT_ID ?? "",
    clientSecret: e.GOOGLE_CLIENT_SECRET ?? "",
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
    // production is served over HTTPS (Cloud Run, Fly): Secure and __Host- cookies, always
    secureCookies: e.NODE_ENV === "production",
  });
}

/** Thrown when the provider's discovery document cannot be had: the sign-in page says the provider is down. */
export class DiscoveryError extends Error {
  override name = "DiscoveryError";
}

const discovered = new Map<string, Promise<ProviderEndpoints>>();

/**
 * The provider's endpoints: Google's, the explicit OIDC_*_URL, or the issuer's discovery document
 * (fetched at the first sign-in, kept for the process; a failed fetch is retried at the next sign-in).
 */
export function providerEndpoints(): Promise<ProviderEndpoints> {
  const e = env();
  const issuer = authConfig().issuer;
  if (e.OIDC_AUTHORIZATION_URL && e.OIDC_TOKEN_URL && e.OIDC_USERINFO_URL) {
    return Promise.resolve({ authorizationURL: e.OIDC_AUTHORIZATION_URL, tokenURL: e.OIDC_TOKEN_URL, userInfoURL: e.OIDC_USERINFO_URL });
  }
  if (issuer === GOOGLE_ISSUER) return Promise.resolve(GOOGLE_ENDPOINTS);
  let p = discovered.get(issuer);
  if (!p) {
    p = discover(issuer);
    discovered.set(issuer, p);
    p.catch(() => discovered.delete(issuer));
  }
  return p;
}

const discoveryDocument = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  userinfo_endpoint: z.url(),
});

async function discover(issuer: string): Promise<ProviderEndpoints> {
  const url = `${issuer}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "error", headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw new DiscoveryError(`OIDC discovery at ${url} failed: ${(err as Error).message}`);
  }
  const doc = discoveryDocument.safeParse(body);
  if (!doc.success) throw new DiscoveryError(`OIDC discovery at ${url}: not a discovery document`);
  // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was fetched for
  if (doc.data.issuer.replace(/\/+$/, "") !== issuer) throw new DiscoveryError(`OIDC discovery at ${url} names issuer ${doc.data.issuer}, not ${issuer}`);
  return { authorizationURL: doc.data.authorization_endpoint, tokenURL: doc.data.token_endpoint, userInfoURL: doc.data.userinfo_endpoint };
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
