// Abuse limits per client address, before Remix sees the request (rate-limiter-flexible, in memory: per
// instance, which is what a brute force against one instance meets; a shared store would make every
// request wait for the database): sign-in starts and callbacks, and requests carrying a session cookie
// whose signature fails (forging attempts). Over the limit: 429 with a Japanese page and Retry-After.
// The address is Express's req.ip: with TRUST_PROXY hops configured (server.js), the address the
// outermost trusted proxy saw, never what the client wrote into X-Forwarded-For itself.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { clearBadSessionCookie } from "~/auth/session.server";
import { env } from "~/env.server";
import { logger } from "~/observability/logger.server";
import { plainErrorPage } from "./request-guard.server";

interface Req {
  method: string;
  path: string;
  ip?: string;
  headers: { cookie?: string };
}
interface Res {
  setHeader(name: string, value: string | number): unknown;
  append(name: string, value: string): unknown;
  status(code: number): Res;
  type(t: string): Res;
  send(body: string): unknown;
}

const SIGN_IN_PATHS = new Set(["/auth/google", "/auth/google/callback"]);

export function rateLimits() {
  const e = env();
  const signIn = e.SIGN_IN_RATE_LIMIT ? new RateLimiterMemory({ keyPrefix: "sign-in", points: e.SIGN_IN_RATE_LIMIT, duration: 60 }) : null;
  const badCookies = e.BAD_COOKIE_RATE_LIMIT ? new RateLimiterMemory({ keyPrefix: "bad-cookie", points: e.BAD_COOKIE_RATE_LIMIT, duration: 600 }) : null;

  const refuse = (res: Res, limit: string, address: string, retry: RateLimiterRes) => {
    const seconds = Math.max(1, Math.ceil(retry.msBeforeNext / 1000));
    // once per blocked address and window, not once per refused request
    if (retry.consumedPoints === (limit === "sign-in" ? e.SIGN_IN_RATE_LIMIT : e.BAD_COOKIE_RATE_LIMIT) + 1) {
      logger.warn({ limit, address, retryAfterSeconds: seconds }, "rate limit reached");
    }
    res.setHeader("Retry-After", seconds);
    res.setHeader("Cache-Control", "no-store");
    res.status(429).type("html").send(plainErrorPage(429));
  };

  return async function rateLimit(req: Req, res: Res, next: (err?: unknown) => void) {
    const address = req.ip ?? "unknown";
    try {
      if (signIn && SIGN_IN_PATHS.has(req.path)) await signIn.consume(address);
      if (badCookies) {
        const clear = await clearBadSessionCookie(req.headers.cookie);
        if (clear) {
          // a stale cookie of a real member is cleared at once, so only a client that keeps sending
          // forged ones runs into the limit
          res.append("Set-Cookie", clear);
          await badCookies.consume(address);
        }
      }
      next();
    } catch (thrown) {
      if (thrown instanceof RateLimiterRes) return refuse(res, SIGN_IN_PATHS.has(req.path) && signIn ? "sign-in" : "bad-cookie", address, thrown);
      next(thrown);
    }
  };
}
