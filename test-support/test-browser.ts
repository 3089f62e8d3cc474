import { providerFetch } from "./tls";

// A minimal cookie-keeping HTTP client for sign-in tests against the real server and the OIDC mock:
// redirects are followed one at a time so each hop can be inspected (or tampered with).
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async fetch(pathOrUrl: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.base);
    if (url.protocol === "https:" && url.origin !== new URL(this.base).origin) {
      // the provider (the mock Google over HTTPS, test CA): no cookies of ours go there
      const r = await providerFetch(url.href, { method: init.method, body: typeof init.body === "string" ? init.body : undefined });
      return new Response(r.text, { status: r.status, headers: r.location ? { location: r.location } : {} });
    }
    const headers = new Headers(init.headers);
    // cookies belong to the app only, never sent to the provider
    if (url.origin === new URL(this.base).origin && this.cookies.size) headers.set("Cookie", this.cookieHeader());
    if (init.method === "POST" && init.origin !== null && !headers.has("Origin")) headers.set("Origin", init.origin ?? new URL(this.base).origin);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    if (url.origin === new URL(this.base).origin) this.store(res);
    return res;
  }

  post(path: string, form: Record<string, string>, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    return this.fetch(path, { ...init, method: "POST", body: new URLSearchParams(form) });
  }

  private store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=thu, 01 jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** POST /auth/google → provider authorize (HTTPS, test CA) → the callback URL the provider sends the browser to (not yet visited). */
  async authorize(email: string, redirectTo = "/", extra: Record<string, string> = {}): Promise<string> {
    const start = await this.post("/auth/google", { login_hint: email, redirectTo, ...extra });
    if (start.status !== 302) throw new Error(`POST /auth/google answered ${start.status}`);
    const provider = await providerFetch(start.headers.get("Location")!);
    if (provider.status !== 302) throw new Error(`authorize answered ${provider.status}: ${provider.text}`);
    return provider.location!;
  }

  /** The whole round trip; returns the callback's response (302 to redirectTo on success). */
  async signIn(email: string, redirectTo = "/", extra: Record<string, string> = {}): Promise<Response> {
    return this.fetch(await this.authorize(email, redirectTo, extra));
  }
}

export const locationOf = (res: Response) => res.headers.get("Location");
