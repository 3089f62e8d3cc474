// Every cookie a production start sends, attribute by attribute: the test servers run exactly the
// production configuration (no test switch), so what is asserted here is what browsers get in production.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { MockOidc } from "../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { startTestMock } from "~test/mock-env";
import { startServer, type RunningServer } from "~test/server";
import { TestBrowser } from "~test/test-browser";

interface SetCookie {
  name: string;
  value: string;
  attrs: Record<string, string | true>;
}

function parse(line: string): SetCookie {
  const [pair, ...rest] = line.split(";").map((p) => p.trim());
  const eq = pair!.indexOf("=");
  const attrs: Record<string, string | true> = {};
  for (const a of rest) {
    const i = a.indexOf("=");
    attrs[(i < 0 ? a : a.slice(0, i)).toLowerCase()] = i < 0 ? true : a.slice(i + 1);
  }
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attrs };
}

const cleared = (c: SetCookie) => c.value === "" && (c.attrs["max-age"] === "0" || /1970/.test(String(c.attrs.expires)));

describeEachEngine("cookies of a production start", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  it("sets only __Host- cookies: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain, the documented Max-Age", async () => {
    const seen: SetCookie[] = [];
    const b = new TestBrowser(server.url);
    const take = (res: Response) => seen.push(...res.headers.getSetCookie().map(parse));
    const start = await b.post("/auth/google", { login_hint: "cookies@example.com", redirectTo: "/" });
    take(start);
    const callback = await b.fetch(await b.fetch(start.headers.get("location")!).then((r) => r.headers.get("location")!));
    take(callback);
    take(await b.fetch("/"));
    take(await b.post("/logout", {}));
    // a forged session cookie is cleared
    take(await fetch(`${server.url}/`, { headers: { cookie: "__Host-session=forged.sig" } }));

    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const c of seen) {
      expect(c.name, c.name).toMatch(/^__Host-(session|auth_flow)$/);
      expect(c.attrs, c.name).toMatchObject({ secure: true, httponly: true, samesite: "Lax", path: "/" });
      expect(c.attrs.domain, c.name).toBeUndefined();
    }
    const flowSet = seen.find((c) => c.name === "__Host-auth_flow" && !cleared(c))!;
    expect(flowSet.attrs["max-age"]).toBe("600"); // 10 minutes to finish signing in
    expect(seen.some((c) => c.name === "__Host-auth_flow" && cleared(c))).toBe(true);
    const sessionSet = seen.find((c) => c.name === "__Host-session" && !cleared(c))!;
    expect(sessionSet.attrs["max-age"]).toBe(String(30 * 86_400)); // SESSION_MAX_AGE_DAYS
    // <token>.<HMAC-SHA256 in base64, percent-encoded as a cookie value>
    expect(decodeURIComponent(sessionSet.value)).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9+/]{43}$/);
    expect(seen.filter((c) => c.name === "__Host-session" && cleared(c))).toHaveLength(2); // sign-out, forged
  });
});
