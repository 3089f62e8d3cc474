// Security headers for every response (pages, data requests, resource routes, static files, errors).
// The CSP allows scripts only by a per-request nonce ('strict-dynamic' lets those scripts load the
// route modules they import), so an injected <script> cannot run. server.js applies these through
// securityMiddleware(); the nonce travels to React via the load context (see app/security/nonce.tsx).
import { randomBytes } from "node:crypto";
import { env, GOOGLE_ISSUER } from "~/env.server";

export interface SecurityHeaderOptions {
  /** NODE_ENV of the process: HSTS only in production, dev server sockets only in development. */
  mode: string;
  /**
   * Origins a form may be redirected to (the OAuth authorize endpoint: Google, or the mock provider).
   * Chromium applies form-action to the redirects after a POST, so the sign-in POST needs them.
   */
  formTargets?: readonly string[];
}

export const GOOGLE_ACCOUNTS_ORIGIN = "https://accounts.google.com";

/** 128 random bits, base64: unguessable per response, as CSP3 asks. */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Builds everything that does not change per request once, and returns the per-request part:
 * (nonce) → header map. Called once at start-up, then once per request.
 */
export function createSecurityHeaders({ mode, formTargets = [GOOGLE_ACCOUNTS_ORIGIN] }: SecurityHeaderOptions) {
  const dev = mode === "development";
  // `remix dev` pushes rebuilds over a websocket on another port (REMIX_DEV_ORIGIN).
  const connect = dev ? "'self' ws: http://localhost:* http://127.0.0.1:*" : "'self'";
  const formAction = ["'self'", ...new Set(formTargets)].join(" ");
  const csp = (nonce: string) =>
    [
      "default-src 'self'",
      `script-src 'nonce-${nonce}' 'strict-dynamic'`,
      // Stylesheets come from /build; React `style={…}` attributes are harmless and allowed.
      `style-src 'self' 'nonce-${nonce}'`,
      "style-src-attr 'unsafe-inline'",
      // Our own generated avatars (/avatars/…), Google profile pictures (https:), inline data: images.
      "img-src 'self' https: data:",
      "font-src 'self'",
      `connect-src ${connect}`,
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; ");

  const fixed: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // frame-ancestors for browsers that ignore CSP's.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  // Only production is served over HTTPS (Cloud Run); HSTS on a dev host would pin it to https.
  if (mode === "production") fixed["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";

  return (nonce: string): Record<string, string> => ({ ...fixed, "Content-Security-Policy": csp(nonce) });
}

/** The part of Express's response the middleware uses (no @types/express here). */
interface NodeResponseLike {
  locals: Record<string, unknown>;
  setHeader(name: string, value: string): unknown;
}

/**
 * Where the sign-in form's POST redirects: the provider's authorization endpoint — Google's accounts
 * origin, OIDC_AUTHORIZATION_URL's, or the issuer's own (where a discovered endpoint lives, as the mock's).
 */
export function signInFormTargets(): string[] {
  const e = env();
  if (e.OIDC_AUTHORIZATION_URL) return [new URL(e.OIDC_AUTHORIZATION_URL).origin];
  return e.OIDC_ISSUER.replace(/\/+$/, "") === GOOGLE_ISSUER ? [GOOGLE_ACCOUNTS_ORIGIN] : [new URL(e.OIDC_ISSUER).origin];
}

/** Express middleware: a fresh nonce in res.locals.cspNonce and the headers on the response. */
export function securityMiddleware({ mode, formTargets = signInFormTargets() }: SecurityHeaderOptions) {
  const headersFor = createSecurityHeaders({ mode, formTargets });
  return (_req: unknown, res: NodeResponseLike, next: () => void) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(headersFor(nonce))) res.setHeader(name, value);
    next();
  };
}
