// Session lifetimes and the sign-in flow cookie, over HTTP against the real server on both engines:
// an absolute lifetime besides the sliding one, a cap on live sessions per member, a flow cookie that
// the server refuses when reused or older than 10 minutes, and cookies signed per purpose.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MockOidc } from "../../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { TEST_SESSION_SECRET } from "~test/mock-env";
import { providerFetch } from "~test/tls";
import { startServer, type RunningServer } from "~test/server";
import { createDbSessionStorage } from "./session.server";
import { FLOW_MAX_AGE_S, flowStorage } from "./flow.server";
import { locationOf, TestBrowser } from "~test/test-browser";

const DAY = 86_400_000;

describeEachEngine("session limits and the flow cookie", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, SESSION_MAX_PER_USER: "3", SESSION_ABSOLUTE_MAX_AGE_DAYS: "90" });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });
  beforeEach(() => t().reset());

  const signedIn = async (email: string) => {
    const b = new TestBrowser(server.url);
    expect(locationOf(await b.signIn(email))).toBe("/");
    return b;
  };
  const userId = async (email: string) => (await t().db.user.findUniqueOrThrow({ where: { email } })).id;
  const isSignedIn = async (b: TestBrowser, id: string) => (await b.fetch(`/users/${id}`)).status === 200;

  it("keeps at most SESSION_MAX_PER_USER live sessions: a new sign-in ends the oldest", async () => {
    const browsers = [];
    for (let i = 0; i < 4; i++) browsers.push(await signedIn("cap@example.com"));
    const id = await userId("cap@example.com");
    expect(await t().db.session.count({ where: { userId: id } })).toBe(3);
    expect(await Promise.all(browsers.map((b) => isSignedIn(b, id)))).toEqual([false, true, true, true]);
    // other members are not affected
    const other = await signedIn("cap-other@example.com");
    expect(await isSignedIn(other, await userId("cap-other@example.com"))).toBe(true);
    expect(await t().db.session.count({ where: { userId: id } })).toBe(3);
  });

  it("ends a session SESSION_ABSOLUTE_MAX_AGE_DAYS after the sign-in however active it is", async () => {
    const b = await signedIn("old@example.com");
    const id = await userId("old@example.com");
    // in use all along: the sliding expiry is in the future, but the sign-in was 90 days ago
    await t().db.session.updateMany({ where: { userId: id }, data: { createdAt: new Date(Date.now() - 90 * DAY - 1000), expires: new Date(Date.now() + 20 * DAY) } });
    const res = await b.fetch(`/users/${id}`);
    expect(locationOf(res)).toMatch(/^\/login\?redirectTo=/);
  });

  it("never slides a session past its absolute end", async () => {
    const b = await signedIn("near@example.com");
    const id = await userId("near@example.com");
    const created = new Date(Date.now() - 89 * DAY);
    // due for the sliding refresh (last pushed a day ago)
    await t().db.session.updateMany({ where: { userId: id }, data: { createdAt: created, expires: new Date(Date.now() + 29 * DAY) } });
    const res = await b.fetch(`/users/${id}`);
    expect(res.status).toBe(200);
    const end = created.getTime() + 90 * DAY;
    const row = await t().db.session.findFirstOrThrow({ where: { userId: id } });
    expect(Math.abs(row.expires.getTime() - end)).toBeLessThan(5000);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(res.headers.getSetCookie().find((c) => c.startsWith("__Host-session="))!)![1]);
    expect(Math.abs(maxAge * 1000 - (end - Date.now()))).toBeLessThan(5000);
  });

  it("refuses a flow cookie used once already (a copy replayed with a fresh code)", async () => {
    const b = new TestBrowser(server.url);
    const start = await b.post("/auth/google", { login_hint: "replay@example.com", redirectTo: "/" });
    const flow = b.cookies.get("__Host-auth_flow")!;
    const authorizeUrl = locationOf(start)!;
    const first = await b.fetch((await providerFetch(authorizeUrl)).location!);
    expect(locationOf(first)).toBe("/");
    // the attacker's copy of the flow cookie, and a new code for the same state and PKCE challenge
    const thief = new TestBrowser(server.url);
    thief.cookies.set("__Host-auth_flow", flow);
    const second = await thief.fetch((await providerFetch(authorizeUrl)).location!);
    expect(locationOf(second)).toBe("/auth/error?reason=state_mismatch");
    expect(thief.cookies.has("__Host-session")).toBe(false);
    expect(await t().db.session.count()).toBe(1);
  });

  it("refuses a flow cookie older than 10 minutes even when the browser still sends it", async () => {
    const b = new TestBrowser(server.url);
    const start = await b.post("/auth/google", { login_hint: "slow@example.com", redirectTo: "/" });
    // the same signed cookie, re-signed with its issue time 10 minutes and a second back
    const storage = flowStorage([TEST_SESSION_SECRET], true);
    const session = await storage.getSession(`__Host-auth_flow=${b.cookies.get("__Host-auth_flow")}`);
    expect(typeof session.get("issuedAt")).toBe("number");
    session.set("issuedAt", Date.now() - FLOW_MAX_AGE_S * 1000 - 1000);
    b.cookies.set("__Host-auth_flow", (await storage.commitSession(session)).split(";")[0]!.split("=").slice(1).join("="));
    const res = await b.fetch((await providerFetch(locationOf(start)!)).location!);
    expect(locationOf(res)).toBe("/auth/error?reason=state_mismatch");
    expect(await t().db.session.count()).toBe(0);
  });

  it("signs the flow and session cookies for different purposes: neither passes for the other", async () => {
    const b = new TestBrowser(server.url);
    await b.post("/auth/google", { login_hint: "purpose@example.com", redirectTo: "/" });
    const flowValue = b.cookies.get("__Host-auth_flow")!;
    const member = await signedIn("purpose@example.com");
    const sessionValue = member.cookies.get("__Host-session")!;
    // a flow cookie value under the session cookie's name is nobody
    const asSession = await fetch(`${server.url}/login`, { redirect: "manual", headers: { cookie: `__Host-session=${flowValue}` } });
    expect(asSession.status).toBe(200);
    // a session cookie value under the flow cookie's name is no flow
    const thief = new TestBrowser(server.url);
    thief.cookies.set("__Host-auth_flow", sessionValue);
    const res = await thief.fetch("/auth/google/callback?code=x&state=y");
    expect(locationOf(res)).toBe("/auth/error?reason=state_mismatch");
  });
});

describe("cookie names over HTTPS", () => {
  const secrets = ["https-secret-0123456789abcdef0123456789"];
  it("uses the __Host- prefix with Secure and Path=/ (no Domain) for both cookies", async () => {
    const flow = flowStorage(secrets, true);
    const flowCookie = await flow.commitSession(await flow.getSession());
    expect(flowCookie).toMatch(/^__Host-auth_flow=/);
    expect(flowCookie).toMatch(/; Path=\/(;|$)/);
    expect(flowCookie).toMatch(/; Secure/);
    expect(flowCookie).not.toMatch(/Domain=/i);
    const sessions = createDbSessionStorage({ secrets, maxAgeSeconds: 60, secure: true });
    const cleared = await sessions.destroySession(await sessions.getSession());
    expect(cleared).toMatch(/^__Host-session=;/);
    expect(cleared).toMatch(/; Path=\/(;|$)/);
    expect(cleared).toMatch(/; Secure/);
    // development (plain http, NODE_ENV=development): the plain names
    expect(await flowStorage(secrets, false).commitSession(await flow.getSession())).toMatch(/^__auth_flow=/);
  });
});
