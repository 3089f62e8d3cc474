// Database sessions behind Remix's createSessionStorage. The cookie `__session` holds a signed random
// token (session-cookie.server.ts); the sessions table holds its SHA-256 and the sliding expiry. Reading a session is one query
// (session + user); the expiry is pushed forward at most once per REFRESH_AFTER_MS per session.
import { createSessionStorage, redirect, type AppLoadContext, type Cookie, type SessionStorage } from "@remix-run/node";
import { parse as parseCookieHeader } from "cookie";
import {
  createSessionForUser,
  deleteSession,
  extendSession,
  findSessionWithUser,
  purgeExpiredSessions,
} from "~/models/session.server";
import type { UserRecord } from "~/models/user.server";
import { readOnly } from "~/maintenance.server";
import { logger } from "~/observability/logger.server";
import { authConfig, type AuthConfig } from "./config.server";
import { cookieName, createTokenCookie, purposeSecrets } from "./session-cookie.server";

/** The cookie's name over http; over https it is "__Host-session" (sessionCookieName). */
export const SESSION_COOKIE = cookieName("session", false);
const HAS_SESSION_COOKIE = /(?:^|;\s*)__(?:Host-)?session=/;
/** Sliding-expiry writes are throttled to one per hour per session. */
export const REFRESH_AFTER_MS = 60 * 60 * 1000;

interface SessionData {
  userId: string;
  /** filled by readData from the same query; never written */
  user?: UserRecord;
  expires?: string;
  /** when the session began (ISO), filled by readData */
  createdAt?: string;
}

export interface SessionStorageOptions {
  /** first signs, all verify (keys for the session purpose are derived from them) */
  secrets: string[];
  /** sliding lifetime */
  maxAgeSeconds: number;
  /** absolute lifetime from the sign-in, however active the session */
  absoluteMaxAgeSeconds?: number;
  /** live sessions per user; the oldest end beyond this */
  maxPerUser?: number;
  secure: boolean;
}

/** Does the request carry a session cookie (valid or not)? No database access. */
export function hasSessionCookie(request: Request): boolean {
  return HAS_SESSION_COOKIE.test(request.headers.get("Cookie") ?? "");
}

/**
 * Responses to a signed-in browser, and responses that set a cookie, show or hold something of one
 * person (their name, an invitation or claim link, a session): no cache may keep them.
 */
export function markPersonal(request: Request, headers: Headers): void {
  if (hasSessionCookie(request) || headers.has("Set-Cookie")) headers.set("Cache-Control", "no-store");
}

export function sessionCookieName(secure = authConfig().secureCookies): string {
  return cookieName("session", secure);
}

/** Database-backed session storage (exported for tests; the app uses sessionStorage()). */
function sessionCookieFor(o: Pick<SessionStorageOptions, "secure" | "secrets" | "maxAgeSeconds">): Cookie {
  return createTokenCookie(cookieName("session", o.secure), {
    httpOnly: true,
    sameSite: "lax",
    secure: o.secure,
    path: "/",
    secrets: purposeSecrets(o.secrets, "session"),
    maxAge: o.maxAgeSeconds,
  });
}

export function createDbSessionStorage(o: SessionStorageOptions): SessionStorage<SessionData> {
  const cookie = sessionCookieFor(o);
  const absoluteMs = (o.absoluteMaxAgeSeconds ?? Infinity) * 1000;
  const defaultExpiry = () => new Date(Date.now() + o.maxAgeSeconds * 1000);
  return createSessionStorage<SessionData>({
    cookie,
    async createData(data, expires) {
      if (typeof data.userId !== "string") throw new Error("a session needs a userId");
      return (await createSessionForUser(data.userId, expires ?? defaultExpiry(), { maxPerUser: o.maxPerUser })).token;
    },
    async readData(token) {
      // a cookie signed with our secret but holding a non-string (old format, hand-made) is no session
      if (typeof token !== "string") return null;
      const s = await findSessionWithUser(token, new Date(), { absoluteMaxAgeMs: absoluteMs });
      return s ? { userId: s.userId, user: s.user, expires: s.expires.toISOString(), createdAt: s.createdAt.toISOString() } : null;
    },
    async updateData(token, data, expires) {
      // sliding, but never past the absolute end
      const end = Date.parse(data.createdAt ?? "") + absoluteMs;
      const wanted = expires ?? defaultExpiry();
      await extendSession(token, Number.isFinite(end) && end < wanted.getTime() ? new Date(end) : wanted);
    },
    async deleteData(token) {
      if (typeof token === "string" && token) await deleteSession(token);
    },
  });
}

let cached: { config: AuthConfig; storage: SessionStorage<SessionData>; cookie: Cookie } | undefined;

/** The session storage for the current settings (built once per configuration, not per request). */
export function sessionStorage(): SessionStorage<SessionData> {
  const c = authConfig();
  if (cached?.config === c) return cached.storage;
  if (c.usingDevSecret) logger.warn("SESSION_SECRET is not set: using the development secret (never do this in production)");
  cached = {
    config: c,
    cookie: sessionCookieFor({ secure: c.secureCookies, secrets: c.secrets, maxAgeSeconds: c.maxAgeSeconds }),
    storage: createDbSessionStorage({
      secrets: c.secrets,
      maxAgeSeconds: c.maxAgeSeconds,
      absoluteMaxAgeSeconds: c.absoluteMaxAgeSeconds,
      maxPerUser: c.maxSessionsPerUser,
      secure: c.secureCookies,
    }),
  };
  return cached.storage;
}

/**
 * For the abuse limits, without a database lookup: the Set-Cookie that clears the request's session
 * cookie when it carries one under this app's name whose signature does not verify (forged, or signed
 * with a secret since dropped); undefined otherwise.
 */
export async function clearBadSessionCookie(cookieHeader: string | undefined): Promise<string | undefined> {
  if (!cookieHeader || !HAS_SESSION_COOKIE.test(cookieHeader)) return undefined;
  sessionStorage();
  const { cookie } = cached!;
  if (!parseCookieHeader(cookieHeader)[cookie.name]) return undefined;
  return (await cookie.parse(cookieHeader)) === null ? cookie.serialize("", { maxAge: 0 }) : undefined;
}

export interface Auth {
  user: UserRecord | null;
  /** Set-Cookie to send back: a refreshed cookie (sliding expiry) or a cleared one (dead session) */
  setCookie?: string;
}

const memo = new WeakMap<object, Promise<Auth>>();

/**
 * Who is signed in. Memoised per request through the load context (Remix gives every loader of one
 * request the same context object), so root + route loaders share one database round trip.
 */
export function getAuth(request: Request, context?: AppLoadContext): Promise<Auth> {
  if (!context) return readAuth(request);
  let p = memo.get(context);
  if (!p) {
    p = readAuth(request);
    memo.set(context, p);
  }
  return p;
}

/** Reads the session of a request (exported for tests with their own storage). */
export async function readAuth(
  request: Request,
  storage = sessionStorage(),
  maxAgeSeconds = authConfig().maxAgeSeconds,
  absoluteMaxAgeSeconds = authConfig().absoluteMaxAgeSeconds,
): Promise<Auth> {
  const cookieHeader = request.headers.get("Cookie");
  if (!cookieHeader || !HAS_SESSION_COOKIE.test(cookieHeader)) return { user: null };
  const session = await storage.getSession(cookieHeader);
  const user = session.get("user") ?? null;
  // read-only maintenance: no refresh, no clean-up — the session is read, never written
  if (readOnly()) return { user };
  if (!user) {
    // a token that maps to no live session: drop the cookie so later requests skip the lookup
    return { user: null, setCookie: session.id ? await storage.destroySession(session).catch(() => undefined) : undefined };
  }
  const expires = Date.parse(session.get("expires") ?? "");
  const maxAgeMs = maxAgeSeconds * 1000;
  if (expires - Date.now() < maxAgeMs - REFRESH_AFTER_MS) {
    // the cookie ends with the row: at the sliding expiry, or earlier at the absolute end
    const remaining = Math.floor((Date.parse(session.get("createdAt") ?? "") + absoluteMaxAgeSeconds * 1000 - Date.now()) / 1000);
    const maxAge = Number.isFinite(remaining) ? Math.max(0, Math.min(maxAgeSeconds, remaining)) : maxAgeSeconds;
    return { user, setCookie: await storage.commitSession(session, { maxAge }) };
  }
  return { user };
}

export async function getUser(request: Request, context?: AppLoadContext): Promise<UserRecord | null> {
  return (await getAuth(request, context)).user;
}

/** Starts a brand-new session (new token: no fixation) and returns its Set-Cookie header. */
export async function createUserSession(userId: string): Promise<string> {
  const storage = sessionStorage();
  const session = await storage.getSession();
  session.set("userId", userId);
  // Cleaning up here keeps the table small without a scheduler; never blocks or fails a sign-in.
  purgeExpiredSessions().catch((err) => logger.warn({ err }, "purging expired sessions failed"));
  return storage.commitSession(session);
}

/** Ends the session this browser holds, if any, without touching the cookie (a new one replaces it). */
export async function endCurrentSession(request: Request): Promise<void> {
  const cookieHeader = request.headers.get("Cookie");
  if (!cookieHeader || !HAS_SESSION_COOKIE.test(cookieHeader)) return;
  const session = await sessionStorage().getSession(cookieHeader);
  if (session.id) await deleteSession(session.id);
}

/** Deletes the session row of this request (if any) and returns a Set-Cookie that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  return storage.destroySession(session);
}

/**
 * For tests, e2e fixtures and benchmarks: a new session for an existing user, as a browser would hold it.
 * `cookie` is the `__session=…` pair for a Cookie header, `setCookie` the full header the app would send.
 * Signs with the current SESSION_SECRET, so run it with the same environment as the server.
 */
export async function mintSessionCookie(userId: string): Promise<{ cookie: string; setCookie: string }> {
  const setCookie = await createUserSession(userId);
  return { cookie: setCookie.split(";")[0], setCookie };
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request, context?: AppLoadContext): Promise<UserRecord> {
  const user = await getUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}

/** Admins only: signed-out visitors are sent to sign in, members get the friendly 403 page. */
export async function requireAdmin(request: Request, context?: AppLoadContext): Promise<UserRecord> {
  const user = await requireUser(request, context);
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  return user;
}

export interface HeaderUser {
  id: string;
  displayName: string;
  avatarUrl: string;
  role: "member" | "admin";
}

/** The root loader's data: the header's view of the signed-in user (public fields only). */
export async function headerData(request: Request, context?: AppLoadContext): Promise<{ user: HeaderUser | null; setCookie?: string }> {
  const { user, setCookie } = await getAuth(request, context);
  return {
    user: user ? { id: user.id, displayName: user.displayName, avatarUrl: user.avatarUrl, role: user.role } : null,
    setCookie,
  };
}
