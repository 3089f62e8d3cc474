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
