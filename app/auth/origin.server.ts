// CSRF defence for every state-changing POST: the browser's Origin (or, failing that, Referer) must be
// the app's own origin. SameSite=Lax cookies are the first line; this is the second.
import { appOrigin } from "./config.server";

function originOf(value: string | null): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

export function isSameOrigin(request: Request): boolean {
  const expected = appOrigin(request);
  const origin = request.headers.get("Origin");
  // "null" is what privacy-sensitive contexts send; it is never our origin
  if (origin) return origin !== "null" && originOf(origin) === expected;
  return originOf(request.headers.get("Referer")) === expected;
}

/** Throws a 403 response unless the request comes from one of our own pages. */
export function requireSameOrigin(request: Request): void {
  if (!isSameOrigin(request)) {
    throw new Response("Forbidden: cross-origin request", { status: 403, statusText: "Forbidden" });
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface GuardReq {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}
interface GuardRes {
  setHeader(name: string, value: string): unknown;
  status(code: number): GuardRes;
  end(body?: string): unknown;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Express middleware in front of Remix. Remix itself aborts a document POST whose Origin names another
 * host, but with a 500; this answers those (and unparsable Origins) with a friendly 403 first. The
 * actions' requireSameOrigin still checks the full origin (scheme included) and the Referer.
 */
export function crossOriginGuard() {
  return (req: GuardReq, res: GuardRes, next: () => void) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const origin = first(req.headers.origin);
    if (!origin) return next();
    const host = first(req.headers["x-forwarded-host"])?.split(",")[0]?.trim() || first(req.headers.host);
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost && originHost === host) return next();
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res
      .status(403)
      .end(
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>アクセスできません</title></head><body><section class="error-page" data-status="403" data-testid="forbidden"><p>403</p><h1>アクセスできません</h1><p>ほかのサイトから送信された操作は受け付けません。</p><p><a href="/">トップページへ戻る</a></p></section></body></html>',
      );
  };
}
