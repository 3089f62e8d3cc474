// Which Google account may become which member, over HTTP against the real server and the mock Google,
// on both engines: a new Google account carrying an existing member's e-mail is linked only when that
// member has no Google account yet; under ACCESS_POLICY=domain a Workspace domain is proven by Google's
// `hd` claim, and consumer domains get in only when listed as such.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mockSub, type MockOidc } from "../../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { decideAccess, type AccessSettings } from "./access-policy.server";
import { locationOf, TestBrowser } from "~test/test-browser";

describeEachEngine("linking a Google account to an existing member", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "open", ADMIN_EMAILS: "link-boss@example.com" });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });
  beforeEach(() => t().reset());

  it("refuses a different Google account (new sub) with the e-mail of a member who has one, and logs it", async () => {
    expect(locationOf(await new TestBrowser(server.url).signIn("link-boss@example.com"))).toBe("/");
    const boss = await t().db.user.findUniqueOrThrow({ where: { email: "link-boss@example.com" } });
    expect(boss.role).toBe("admin");
    // the member's Google account is another one than the mock's account for this address
    await t().db.account.updateMany({ where: { userId: boss.id }, data: { providerAccountId: "the-original-google-account" } });
    const b = new TestBrowser(server.url);
    const res = await b.signIn("link-boss@example.com");
    expect(locationOf(res)).toBe("/auth/not-allowed?reason=account_mismatch");
    const page = await (await b.fetch(locationOf(res)!)).text();
    expect(page).toContain("この Google アカウントではログインできません");
    expect(b.cookies.has("__Host-session")).toBe(false);
    // nothing linked, no session, the member keeps their one account
    expect(await t().db.account.findMany({ where: { userId: boss.id }, select: { providerAccountId: true } })).toEqual([{ providerAccountId: "the-original-google-account" }]);
    expect(await t().db.account.count({ where: { providerAccountId: mockSub("link-boss@example.com") } })).toBe(0);
    expect(await t().db.session.count({ where: { userId: boss.id } })).toBe(1);
    await server.waitForLog(/"userId":"[^"]+".*sign-in refused: a different Google account/);
    expect(server.logs()).not.toContain("link-boss@example.com");
  });

  it("links by verified e-mail when the member has no Google account yet (invited, imported)", async () => {
    const imported = await t().db.user.create({ data: { displayName: "移行メンバー", avatarUrl: "/a.svg", email: "link-imported@example.com", role: "admin" } });
    expect(locationOf(await new TestBrowser(server.url).signIn("link-imported@example.com"))).toBe("/");
    expect(await t().db.account.findMany({ where: { userId: imported.id }, select: { providerAccountId: true } })).toEqual([
      { providerAccountId: mockSub("link-imported@example.com") },
    ]);
    // and that same account signs in again as usual
    expect(locationOf(await new TestBrowser(server.url).signIn("link-imported@example.com"))).toBe("/");
  });

  it("never links by an e-mail Google has not verified", async () => {
    const imported = await t().db.user.create({ data: { displayName: "未確認", avatarUrl: "/a.svg", email: "link-unverified@example.com" } });
    mock.setProfile({ email: "link-unverified@example.com", email_verified: false });
    expect(locationOf(await new TestBrowser(server.url).signIn("link-unverified@example.com"))).toBe("/");
    expect(await t().db.account.count({ where: { userId: imported.id } })).toBe(0);
    mock.reset();
  });
});

describeEachEngine("ACCESS_POLICY=domain checks Google's hd claim", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({
      DATABASE_URL: t().url,
      OIDC_ISSUER: mock.issuer,
      ACCESS_POLICY: "domain",
      ALLOWED_EMAIL_DOMAINS: "example.org, consumer:gmail.com",
    });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  it.each([
    ["a Workspace account of the domain", "ws@example.org", "example.org", "/"],
    ["a consumer Google account with a work address (no hd)", "imposter@example.org", undefined, "/auth/not-allowed?reason=domain"],
    ["an account of another Workspace with that address", "other@example.org", "evil.example", "/auth/not-allowed?reason=domain"],
    ["a consumer domain listed as such", "fan@gmail.com", undefined, "/"],
    ["a consumer address claiming an hd", "odd@gmail.com", "gmail.com", "/auth/not-allowed?reason=domain"],
    ["a domain not listed", "someone@other.org", "other.org", "/auth/not-allowed?reason=domain"],
  ])("%s", async (_label, email, hd, expected) => {
    mock.setProfile({ email, ...(hd ? { hd } : {}) });
    const res = await new TestBrowser(server.url).signIn(email);
    expect(locationOf(res)).toBe(expected);
    expect(!!(await t().db.user.findUnique({ where: { email } }))).toBe(expected === "/");
  });
});

describe("decideAccess (domain policy)", () => {
  const s: AccessSettings = { policy: "domain", allowedDomains: ["example.org", "consumer:gmail.com"], adminEmails: ["boss@elsewhere.example"] };
  const who = (email: string, hd?: string, emailVerified = true) => ({ email, hd, emailVerified, isKnown: async () => false, hasInvite: async () => false });
  it.each([
    ["a@example.org", "example.org", true],
    ["a@example.org", undefined, false],
    ["a@example.org", "EXAMPLE.ORG", true],
    ["a@sub.example.org", "example.org", false],
    ["a@gmail.com", undefined, true],
    ["a@gmail.com", "gmail.com", false],
    ["a@googlemail.com", undefined, false],
    ["boss@elsewhere.example", undefined, true],
  ] as const)("%s with hd %s → %s", async (email, hd, allowed) => {
    expect((await decideAccess(s, who(email, hd))).allowed).toBe(allowed);
  });
  it("refuses unverified e-mails even with a matching hd", async () => {
    expect(await decideAccess(s, who("a@example.org", "example.org", false))).toEqual({ allowed: false, reason: "unverified" });
  });
});
