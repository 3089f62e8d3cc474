// The sign-in flow end to end over HTTP: the real production server (node server.js) against the
// oauth2-mock-server based Google stand-in, on both engines. Failure cases are produced by the mock
// (denied consent, failing endpoints, replayed codes) or by tampering with the round trip.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type MockOidc } from "../../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { freePort, startServer, type RunningServer } from "~test/server";
import { locationOf, TestBrowser } from "~test/test-browser";

describeEachEngine("Google sign-in over HTTP", (t) => {
  let mock: MockOidc;
  let mockPort: number;
  let server: RunningServer;
  beforeAll(async () => {
    mockPort = await freePort();
    mock = await startTestMock({ port: mockPort });
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ADMIN_EMAILS: "boss@example.com" });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });
  beforeEach(async () => {
    mock.reset();
    await t().reset();
  });

  it("signs in, creates user + account without tokens, welcomes, and signs out with POST only", async () => {
    const b = new TestBrowser(server.url);
    const callback = await b.signIn("Hana.Yamada@Example.com", "/users/me?tab=1");
    expect(callback.status).toBe(302);
    expect(locationOf(callback)).toBe("/users/me?tab=1");
    expect(callback.headers.getSetCookie().join("\n")).toMatch(/__Host-auth_flow=;.*1970/);
    expect(b.cookies.has("__Host-session")).toBe(true);
    expect(b.cookies.has("__Host-auth_flow")).toBe(false);

    const home = await b.fetch("/");
    const html = await home.text();
    expect(html).toContain('data-testid="welcome"');
    expect(html).toMatch(/おかえりなさい、(<!-- -->)?hana yamada/);
    expect(html).toMatch(/<img[^>]*src="\/avatars\/\d{21}\.svg"[^>]*data-testid="avatar"/);

    const { db } = t();
    const user = await db.user.findUniqueOrThrow({ where: { email: "hana.yamada@example.com" }, include: { accounts: true } });
    expect(user.role).toBe("member");
    expect(user.accounts).toEqual([
      expect.objectContaining({ provider: "google", type: "oidc", accessToken: null, refreshToken: null, idToken: null }),
    ]);
    expect(user.accounts[0].providerAccountId).toMatch(/^\d{21}$/);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

    // GET /logout changes nothing
    expect((await b.fetch("/logout")).status).toBe(302);
    expect(await db.session.count()).toBe(1);
    // POST from another site is refused
    expect((await b.post("/logout", {}, { origin: "https://evil.example" })).status).toBe(403);
    expect(await db.session.count()).toBe(1);

    const out = await b.post("/logout", {});
    expect(out.status).toBe(302);
    expect(locationOf(out)).toBe("/");
    expect(b.cookies.has("__Host-session")).toBe(false);
    expect(await db.session.count()).toBe(0);
    expect(await (await b.fetch("/")).text()).not.toContain('data-testid="welcome"');
  });

  it("takes the profile from Google at the first sign-in only, issues a new session each time, and promotes ADMIN_EMAILS", async () => {
    // an existing member (seeded, imported) whose e-mail is in ADMIN_EMAILS
    await t().db.user.create({ data: { email: "boss@example.com", displayName: "元の名前", avatarUrl: "/avatars/boss.svg" } });
    const b = new TestBrowser(server.url);
    mock.setProfile({ email: "boss@example.com", name: "すずみな 管理人🌸", picture: "https://lh3.googleusercontent.com/a/x=s96-c" });
    await b.signIn("boss@example.com");
    const first = b.cookies.get("__Host-session");
    await b.signIn("boss@example.com");
    expect(b.cookies.get("__Host-session")).not.toBe(first);
    const users = await t().db.user.findMany({ include: { accounts: true } });
    expect(users).toHaveLength(1);
    // the member's own profile stays; the role follows ADMIN_EMAILS
    expect(users[0]).toMatchObject({ displayName: "元の名前", avatarUrl: "/avatars/boss.svg", role: "admin" });
    expect(users[0].accounts).toHaveLength(1);
    // the browser's previous session ended; another browser's session is untouched
    expect(await t().db.session.count()).toBe(1);
    await new TestBrowser(server.url).signIn("boss@example.com");
    expect(await t().db.session.count()).toBe(2);
    // a new member gets Google's name and picture
    mock.setProfile({ email: "new@example.com", name: "あたらしい人", picture: "https://lh3.googleusercontent.com/a/y=s96-c" });
    await new TestBrowser(server.url).signIn("new@example.com");
    expect(await t().db.user.findUnique({ where: { email: "new@example.com" } })).toMatchObject({
      displayName: "あたらしい人",
      avatarUrl: "https://lh3.googleusercontent.com/a/y=s96-c",
      role: "member",
    });
  });


  it("links a Google account to an existing user with the same verified e-mail (seeded members)", async () => {
    const seeded = await t().db.user.create({ data: { email: "ren@example.com", displayName: "れん", avatarUrl: "/avatars/ren.svg" } });
    const b = new TestBrowser(server.url);
    expect((await b.signIn("ren@example.com")).status).toBe(302);
    const accounts = await t().db.account.findMany();
    expect(accounts).toEqual([expect.objectContaining({ userId: seeded.id })]);
    expect(await t().db.user.count()).toBe(1);
  });

  it("never follows redirectTo off-site", async () => {
    const b = new TestBrowser(server.url);
    expect(locationOf(await b.signIn("a@example.com", "https://evil.example/steal"))).toBe("/");
    const b2 = new TestBrowser(server.url);
    expect(locationOf(await b2.signIn("a@example.com", "//evil.example"))).toBe("/");
  });

  it("maps denied consent to /auth/error?reason=access_denied and creates nothing", async () => {
    mock.setProfile({ email: "no@example.com", deny: true });
    const b = new TestBrowser(server.url);
    const callbackUrl = await b.authorize("no@example.com");
    expect(new URL(callbackUrl).searchParams.get("error")).toBe("access_denied");
    const res = await b.fetch(callbackUrl);
    expect(locationOf(res)).toBe("/auth/error?reason=access_denied");
    const page = await b.fetch(locationOf(res)!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="auth-error"');
    expect(html).toContain("ログインがキャンセルされました");
    expect(await t().db.user.count()).toBe(0);
    expect(await t().db.session.count()).toBe(0);
  });

  it("maps a tampered or missing state to state_mismatch", async () => {
    const b = new TestBrowser(server.url);
    const callbackUrl = new URL(await b.authorize("s@example.com"));
    callbackUrl.searchParams.set("state", "forged");
    expect(locationOf(await b.fetch(callbackUrl.href))).toBe("/auth/error?reason=state_mismatch");

    // a callback reached without the flow cookie (another browser, or after it expired)
    const stranger = new TestBrowser(server.url);
    const url = await new TestBrowser(server.url).authorize("s@example.com");
    expect(locationOf(await stranger.fetch(url))).toBe("/auth/error?reason=state_mismatch");

    const noState = new URL(url);
    noState.searchParams.delete("state");
    expect(locationOf(await b.fetch(noState.href))).toBe("/auth/error?reason=state_mismatch");
    expect(await t().db.user.count()).toBe(0);
  });

  it("maps a replayed authorization code to invalid_code", async () => {
    const b = new TestBrowser(server.url);
    const first = new URL(await b.authorize("r@example.com"));
    expect(locationOf(await b.fetch(first.href))).toBe("/");
    // a new flow (valid state) carrying the already used code
    const second = new URL(await b.authorize("r@example.com"));
    second.searchParams.set("code", first.searchParams.get("code")!);
    expect(locationOf(await b.fetch(second.href))).toBe("/auth/error?reason=invalid_code");
  });

  it("uses PKCE: a code is redeemed only with the verifier from the same browser's flow", async () => {
    const a = new TestBrowser(server.url);
    const start = await a.post("/auth/google", { login_hint: "p@example.com" });
    const authorizeUrl = new URL(locationOf(start)!);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const aCallback = new URL(locationOf(await a.fetch(authorizeUrl.href))!);
    // another browser's code (its own challenge) replayed into this browser's flow (valid state)
    const b = new TestBrowser(server.url);
    const bCallback = new URL(await b.authorize("p@example.com"));
    aCallback.searchParams.set("code", bCallback.searchParams.get("code")!);
    expect(locationOf(await a.fetch(aCallback.href))).toBe("/auth/error?reason=invalid_code");
    expect(a.cookies.has("__Host-session")).toBe(false);
    expect(await t().db.session.count()).toBe(0);
    // and the genuine round trip works
    expect(locationOf(await new TestBrowser(server.url).signIn("p@example.com"))).toBe("/");
  });

  it("maps token and userinfo endpoint failures to provider_unavailable", async () => {
    const b = new TestBrowser(server.url);
    mock.failNext("token", 503);
    expect(locationOf(await b.signIn("t@example.com"))).toBe("/auth/error?reason=provider_unavailable");
    mock.failNext("userinfo", 500);
    expect(locationOf(await b.signIn("t@example.com"))).toBe("/auth/error?reason=provider_unavailable");
    expect(await t().db.user.count()).toBe(0);
    // and the next attempt works
    expect(locationOf(await b.signIn("t@example.com"))).toBe("/");
    expect(server.logs()).not.toMatch(/access_token|Bearer /);
  });

  it("never answers 500 on /auth/*, whatever arrives", async () => {
    const b = new TestBrowser(server.url);
    for (const path of [
      "/auth/google/callback",
      "/auth/google/callback?code=x&state=y",
      "/auth/google/callback?error=server_error&error_description=%3Cscript%3E",
      "/auth/google/callback?state=a&state=b&code=c",
      "/auth/error?reason=%3Cscript%3E",
      "/auth/not-allowed?reason=nope",
      "/auth/google",
    ]) {
      const res = await b.fetch(path);
      expect(res.status, path).toBeLessThan(500);
      expect(await res.text(), path).not.toContain("<script>alert");
    }
    expect((await b.post("/auth/google", { login_hint: "x@example.com" }, { origin: null })).status).toBe(403);
    // a hint that is no e-mail is not passed on: the provider asks which account
    const noHint = new URL(locationOf(await b.post("/auth/google", { login_hint: "not an e-mail" }))!);
    expect(noHint.origin).toBe(mock.issuer);
    expect(noHint.searchParams.has("login_hint")).toBe(false);
    expect(noHint.searchParams.get("prompt")).toBe("select_account");
    const unknown = await b.fetch("/auth/error?reason=%3Cscript%3E");
    expect(await unknown.text()).toContain('data-reason="unknown"');
  });

  it("is refused by the provider with a wrong client secret (checked as Google does), without logging the secret", async () => {
    const wrong = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, GOOGLE_CLIENT_SECRET: "not-the-registered-secret" });
    try {
      const b = new TestBrowser(wrong.url);
      expect(locationOf(await b.signIn("secret@example.com"))).toBe("/auth/error?reason=unknown");
      await wrong.waitForLog(/token endpoint answered 401 invalid_client/);
      expect(wrong.logs()).not.toContain("not-the-registered-secret");
      expect(await t().db.user.count()).toBe(0);
    } finally {
      await wrong.stop();
    }
  });

  it("says the provider is unavailable when its discovery document cannot be had, and recovers", async () => {
    const port = await freePort();
    const nowhere = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: `https://127.0.0.1:${port}` });
    try {
      const b = new TestBrowser(nowhere.url);
      expect(locationOf(await b.post("/auth/google", { login_hint: "d@example.com" }))).toBe("/auth/error?reason=provider_unavailable");
      // the provider comes up: the next sign-in discovers it
      const late = await startTestMock({ port });
      try {
        expect(locationOf(await b.signIn("d@example.com"))).toBe("/");
      } finally {
        await late.stop();
      }
    } finally {
      await nowhere.stop();
    }
  });

  // last: stops the provider
  it("maps an unreachable provider to provider_unavailable", async () => {
    const b = new TestBrowser(server.url);
    const callbackUrl = await b.authorize("down@example.com");
    await mock.stop();
    try {
      expect(locationOf(await b.fetch(callbackUrl))).toBe("/auth/error?reason=provider_unavailable");
    } finally {
      mock = await startTestMock({ port: mockPort });
    }
  });
});
