// The session cookie: `<token>.<HMAC-SHA256>` (cookie-signature, as express and Remix's node runtime
// sign), implementing Remix's Cookie interface so createSessionStorage uses it unchanged.
// Remix's own createCookie wraps the value in base64(JSON) and escapes it char by char; for a token
// that is already URL-safe that only adds CPU to every signed-in request (`npm run bench -- auth`).
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { Cookie } from "@remix-run/node";
import { parse, serialize, type CookieSerializeOptions } from "cookie";
import signature from "cookie-signature";

export interface TokenCookieOptions extends Omit<CookieSerializeOptions, "encode" | "expires"> {
  /** the first signs, all verify (rotation) */
  secrets: string[];
}

export function createTokenCookie(name: string, { secrets, ...options }: TokenCookieOptions): Cookie {
  if (secrets.length === 0) throw new Error(`cookie ${name}: at least one secret is required`);
  // HMAC keys made once, not from the secret string on every request
  const keys: KeyObject[] = secrets.map((s) => createSecretKey(Buffer.from(s, "utf8")));
  const defaults: CookieSerializeOptions = { path: "/", sameSite: "lax", ...options };
  return {
    name,
    isSigned: true,
    get expires() {
      return defaults.maxAge !== undefined ? new Date(Date.now() + defaults.maxAge * 1000) : undefined;
    },
    /** The verified token; null when the cookie is absent, unsigned, tampered or signed with a dropped secret. */
    async parse(cookieHeader) {
      if (!cookieHeader) return null;
      const value = parse(cookieHeader)[name];
      if (!value) return value === "" ? "" : null;
      for (const key of keys) {
        const token = signature.unsign(value, key);
        if (token !== false && token !== "") return token;
      }
      return null;
    },
    async serialize(value, serializeOptions) {
      if (typeof value !== "string") throw new TypeError(`cookie ${name}: the value must be a string token`);
      return serialize(name, value === "" ? "" : signature.sign(value, keys[0]), { ...defaults, ...serializeOptions });
    },
  };
}

export type CookiePurpose = "session" | "auth-flow";

/**
 * Signing keys for one purpose, derived from each SESSION_SECRET (order kept, so rotation works as
 * before): a flow cookie never verifies as a session cookie, nor the other way round.
 */
export function purposeSecrets(secrets: string[], purpose: CookiePurpose): string[] {
  return secrets.map((s) => createHmac("sha256", s).update(`suzumina-web cookie: ${purpose}`).digest("base64url"));
}

/**
 * "__Host-<name>" over HTTPS: the browser then accepts the cookie only with Secure, Path=/ and no
 * Domain, so a sibling subdomain cannot plant or shadow it. Plain "__<name>" over http (development and
 * the production build's test mode), where browsers refuse __Host- cookies.
 */
export function cookieName(name: "session" | "auth_flow", secure: boolean): string {
  return secure ? `__Host-${name}` : `__${name}`;
}
