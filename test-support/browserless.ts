import { providerFetch } from "./tls";

// A browser-less client for the real sign-in flow: fetch with manual redirects and a tiny cookie jar,
// walking POST /auth/google → mock provider's authorize → /auth/google/callback like a browser would.
// Used by the load, fault and bad-input tests and by the benchmarks.

/** Cookies by name; enough for one origin (the app) and the provider (which sets none). */
export class CookieJar {
  private cookies = new Map<string, string>();

  /** Takes every Set-Cookie of a response; an expired/empty one deletes the cookie. */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]!) < Date.now()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export interface SignedIn {
  jar: CookieJar;
  /** Where the app finally sent the browser. */
  location: string;
}

export class FlowError extends Error {}

function expectRedirect(res: Response, step: string): string {
  const location = res.headers.get("location");
  if (res.status < 300 || res.status > 399 || !location) throw new FlowError(`${step}: expected a redirect, got ${res.status}`);
  return location;
}

/** Signs in through the app's real OAuth flow against the mock provider; throws FlowError if any step fails. */
export async function signIn(appUrl: string, email: string, opts: { redirectTo?: string; jar?: CookieJar; timeoutMs?: number } = {}): Promise<SignedIn> {
  const jar = opts.jar ?? new CookieJar();
  // each request of the flow gives up after timeoutMs (a TimeoutError), when given
  const wait = () => (opts.timeoutMs ? { signal: AbortSignal.timeout(opts.timeoutMs) } : {});
  const start = await fetch(`${appUrl}/auth/google`, {
    ...wait(),
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: appUrl, cookie: jar.header() },
    body: new URLSearchParams({ login_hint: email, redirectTo: opts.redirectTo ?? "/" }),
  });
  jar.take(start);
  const authorize = expectRedirect(start, "POST /auth/google");
  // the provider is the mock Google over HTTPS with the test CA (test-support/tls.ts)
  const provider = await providerFetch(authorize);
  if (provider.status < 300 || provider.status > 399 || !provider.location) throw new FlowError(`provider authorize: expected a redirect, got ${provider.status}`);
  const callback = provider.location;
  if (!callback.startsWith(appUrl)) throw new FlowError(`provider sent the browser to ${new URL(callback).origin}`);
  const done = await fetch(callback, { redirect: "manual", headers: { cookie: jar.header() }, ...wait() });
  jar.take(done);
  const location = expectRedirect(done, "callback");
  if (location.includes("/auth/error") || location.includes("/auth/not-allowed")) throw new FlowError(`sign-in failed: ${location}`);
  if (!jar.get("__Host-session")) throw new FlowError("no session cookie after the callback");
  return { jar, location: new URL(location, appUrl).toString() };
}

/** POST /logout as the page's form does; returns the response (302 to / expected). */
export async function signOut(appUrl: string, jar: CookieJar, timeoutMs?: number): Promise<Response> {
  const res = await fetch(`${appUrl}/logout`, {
    ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: appUrl, cookie: jar.header() },
    body: "",
  });
  jar.take(res);
  return res;
}

/** True when the text looks like a stack trace or leaks server internals. */
export function leaksInternals(body: string): boolean {
  return /\bat [\w.<>]+ \(|\bat (file:\/\/|\/|node:)|node_modules|\.server\.ts|Prisma(Client)?[A-Z]\w*Error|SQLITE_[A-Z]|ECONNREFUSED|Invalid `/.test(body);
}
