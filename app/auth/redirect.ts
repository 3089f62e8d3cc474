// redirectTo values come from query strings and forms: only same-origin relative paths are followed,
// anything else falls back, so the sign-in flow cannot be turned into an open redirect.
const BASE = "http://internal.invalid";

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!isLocalPath(to)) return fallback;
  // Normalise first ("/./", "/../", "%2e%2e" segments), then check what a browser would actually follow:
  // "/.//evil.com" normalises to "//evil.com", which is protocol-relative.
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const out = url.pathname + url.search + url.hash;
  if (!isLocalPath(out)) return fallback;
  // back into the sign-in flow would loop
  if (url.pathname.startsWith("/auth/") || url.pathname === "/logout") return fallback;
  return out;
}

/** A path on this site: "//evil.com" and "/\evil.com" are protocol-relative to browsers; control characters can hide either. */
function isLocalPath(s: string): boolean {
  return s.startsWith("/") && !s.startsWith("//") && !s.includes("\\") && !hasControlChars(s);
}

function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
