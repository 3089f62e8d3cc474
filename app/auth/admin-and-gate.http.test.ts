// Admin pages and the access gate over HTTP: real server, real sign-ins through the mock Google.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type MockOidc } from "../../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { locationOf, TestBrowser } from "~test/test-browser";

const ADMIN = "chief@example.com";

describeEachEngine("invite-only site with admin pages", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  let admin: TestBrowser;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "invite", ADMIN_EMAILS: ADMIN });
    admin = new TestBrowser(server.url);
    expect(locationOf(await admin.signIn(ADMIN))).toBe("/");
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  const userByEmail = (email: string) => t().db.user.findUnique({ where: { email } });

  it("refuses strangers with a reason and leaves no rows", async () => {
    const b = new TestBrowser(server.url);
    const res = await b.signIn("stranger@example.com");
    expect(locationOf(res)).toBe("/auth/not-allowed?reason=invite");
    const page = await b.fetch(locationOf(res)!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="not-allowed"');
    expect(html).toContain("招待されたメンバーのみ利用できます");
    expect(await userByEmail("stranger@example.com")).toBeNull();
    expect(b.cookies.has("__Host-session")).toBe(false);
  });

  it("invites by link shown once; the invitee gets in once and the invitation is consumed", async () => {
    const created = await admin.post("/admin/invites", { intent: "create", email: "Newbie@Example.com", expiresInDays: "3" });
    expect(created.status).toBe(200);
    const html = await created.text();
    const link = /data-testid="invite-link">([^<]+)</.exec(html)?.[1].replace(/&amp;/g, "&");
    expect(link).toMatch(new RegExp(`^${server.url}/login\\?invite=[A-Za-z0-9_-]{43}$`));
    const row = await t().db.verificationToken.findFirstOrThrow({ where: { identifier: "newbie@example.com" } });
    expect(row.token).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(row.expires.getTime() - (Date.now() + 3 * 86_400_000))).toBeLessThan(60_000);
    // the list shows the invitation but never the link again
    const list = await (await admin.fetch("/admin/invites")).text();
    expect(list).toContain('data-testid="invite-row"');
    expect(list).toContain("newbie@example.com");
    expect(list).not.toContain(new URL(link!).searchParams.get("invite")!);

    const invitee = new TestBrowser(server.url);
    const landing = await (await invitee.fetch(link!)).text();
    expect(landing).toContain('data-testid="invite-notice"');
    expect(landing).toContain('value="newbie@example.com"');
    expect(locationOf(await invitee.signIn("newbie@example.com"))).toBe("/");
    expect((await userByEmail("newbie@example.com"))?.role).toBe("member");
    expect(await t().db.verificationToken.count({ where: { identifier: "newbie@example.com" } })).toBe(0);
    // a member now: signs in again without any invitation
    expect(locationOf(await new TestBrowser(server.url).signIn("newbie@example.com"))).toBe("/");
    // inviting an existing member is refused politely
    const again = await admin.post("/admin/invites", { intent: "create", email: "newbie@example.com", expiresInDays: "3" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("すでにメンバーです");
  });

  it("revokes invitations and rejects bad input with 4xx", async () => {
    await admin.post("/admin/invites", { intent: "create", email: "later@example.com", expiresInDays: "7" });
    const row = await t().db.verificationToken.findFirstOrThrow({ where: { identifier: "later@example.com" } });
    // the first POST only asks; the second, with confirm=yes, revokes
    const asked = await admin.post("/admin/invites", { intent: "revoke", email: row.identifier, tokenHash: row.token });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('data-testid="confirm-dialog"');
    expect(await t().db.verificationToken.count({ where: { identifier: "later@example.com" } })).toBe(1);
    const revoked = await admin.post("/admin/invites", { intent: "revoke", email: row.identifier, tokenHash: row.token, confirm: "yes" });
    expect(revoked.status).toBe(200);
    expect(await t().db.verificationToken.count({ where: { identifier: "later@example.com" } })).toBe(0);
    expect(locationOf(await new TestBrowser(server.url).signIn("later@example.com"))).toBe("/auth/not-allowed?reason=invite");

    const bad: Record<string, string>[] = [
      { intent: "create", email: "not-an-email", expiresInDays: "3" },
      { intent: "create", email: "x@example.com", expiresInDays: "500" },
      { intent: "revoke", email: "x@example.com", tokenHash: "zz" },
      { intent: "revoke", email: "x@example.com", tokenHash: "a".repeat(64), confirm: "maybe" },
      { intent: "explode" },
    ];
    for (const form of bad) {
      const res = await admin.post("/admin/invites", form);
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
    expect(await t().db.verificationToken.count({ where: { identifier: "x@example.com" } })).toBe(0);
    // an invitation that is gone: 404 at once, not a question first
    expect((await admin.post("/admin/invites", { intent: "revoke", email: "x@example.com", tokenHash: "a".repeat(64) })).status).toBe(404);
  });

  it("keeps one invitation per e-mail: inviting again replaces the link and says so", async () => {
    const first = await (await admin.post("/admin/invites", { intent: "create", email: "twice@example.com", expiresInDays: "7" })).text();
    const again = await admin.post("/admin/invites", { intent: "create", email: "Twice@Example.com", expiresInDays: "3" });
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(html).toContain("以前に送った招待リンクは使えなくなりました");
    const link = /data-testid="invite-link">([^<]+)</.exec(html)?.[1].replace(/&amp;/g, "&");
    expect(await t().db.verificationToken.count({ where: { identifier: "twice@example.com" } })).toBe(1);
    // the first link is dead, the new one works
    const oldLink = /data-testid="invite-link">([^<]+)</.exec(first)?.[1].replace(/&amp;/g, "&");
    expect(await (await new TestBrowser(server.url).fetch(oldLink!)).text()).not.toContain('data-testid="invite-notice"');
    expect(await (await new TestBrowser(server.url).fetch(link!)).text()).toContain('data-testid="invite-notice"');
    // the page states the policy in force (invite here: invitations work, no warning)
    const page = await (await admin.fetch("/admin/invites")).text();
    expect(page).toContain('data-policy="invite"');
    expect(page).not.toContain("招待には効果がありません");
    expect(page).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}（あと[37]日）/);
  });

  it("lists and searches users, changes roles, and revokes a user's sessions", async () => {
    const member = new TestBrowser(server.url);
    await t().db.user.create({ data: { email: "hana@example.com", displayName: "はなこ 🌸", avatarUrl: "/avatars/h.svg" } });
    expect(locationOf(await member.signIn("hana@example.com"))).toBe("/");
    const hana = (await userByEmail("hana@example.com"))!;

    const all = await (await admin.fetch("/admin/users")).text();
    expect(all.match(/data-testid="user-row"/g)!.length).toBe(await t().db.user.count());
    for (const q of ["HANA@", "はなこ"]) {
      const found = await (await admin.fetch(`/admin/users?q=${encodeURIComponent(q)}`)).text();
      expect(found.match(/data-testid="user-row"/g), q).toHaveLength(1);
      expect(found).toContain(`data-user-id="${hana.id}"`);
    }

    // a role change asks first: the first POST changes nothing
    const asked = await admin.post("/admin/users", { intent: "role", userId: hana.id, role: "admin" });
    expect(asked.status).toBe(200);
    const question = await asked.text();
    expect(question).toContain('data-testid="confirm-dialog"');
    expect(question).toContain('name="confirm" value="yes"');
    expect((await userByEmail("hana@example.com"))?.role).toBe("member");
    expect((await admin.post("/admin/users", { intent: "role", userId: hana.id, role: "admin", confirm: "yes" })).status).toBe(200);
    expect((await userByEmail("hana@example.com"))?.role).toBe("admin");
    expect((await member.fetch("/admin/users")).status).toBe(200);
    // the same role again: "no change", asked nothing, written nothing
    const same = await (await admin.post("/admin/users", { intent: "role", userId: hana.id, role: "admin", confirm: "yes" })).text();
    expect(same).toContain("変更はありません");
    expect(same).toContain('data-kind="unchanged"');
    expect(await (await admin.post("/admin/users", { intent: "role", userId: hana.id, role: "admin" })).text()).not.toContain('data-testid="confirm-dialog"');
    await admin.post("/admin/users", { intent: "role", userId: hana.id, role: "member", confirm: "yes" });
    expect((await member.fetch("/admin/users")).status).toBe(403);

    expect(await (await admin.post("/admin/users", { intent: "revoke", userId: hana.id })).text()).toContain('data-testid="confirm-dialog"');
    expect(await t().db.session.count({ where: { userId: hana.id } })).toBe(1);
    const revoke = await admin.post("/admin/users", { intent: "revoke", userId: hana.id, confirm: "yes" });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toContain("セッションを 1 件無効化しました");
    expect(await t().db.session.count({ where: { userId: hana.id } })).toBe(0);
    const after = await member.fetch(`/users/${hana.id}`);
    expect(after.status).toBe(302);
    expect(locationOf(after)).toMatch(/^\/login\?redirectTo=/);
  });

  it("refuses an admin's own demotion and unknown roles or users", async () => {
    const me = (await userByEmail(ADMIN))!;
    const self = await admin.post("/admin/users", { intent: "role", userId: me.id, role: "member" });
    expect(self.status).toBe(400);
    expect((await userByEmail(ADMIN))?.role).toBe("admin");
    expect((await admin.post("/admin/users", { intent: "role", userId: me.id, role: "owner" })).status).toBe(400);
    expect((await admin.post("/admin/users", { intent: "revoke", userId: "no-such-user" })).status).toBe(404);
  });

  it("an admin revoking their own sessions is told it signs them out, then lands on the sign-in page", async () => {
    const self = new TestBrowser(server.url);
    expect(locationOf(await self.signIn(ADMIN))).toBe("/");
    const me = (await userByEmail(ADMIN))!;
    const asked = await (await self.post("/admin/users", { intent: "revoke", userId: me.id })).text();
    expect(asked).toContain("あなたがログインしているすべての端末でログアウトします");
    const done = await self.post("/admin/users", { intent: "revoke", userId: me.id, confirm: "yes" });
    expect(done.status).toBe(302);
    expect(locationOf(done)).toBe("/login?done=signed_out_everywhere");
    expect(done.headers.get("set-cookie")).toMatch(/__Host-session=;/);
    expect(await t().db.session.count({ where: { userId: me.id } })).toBe(0);
    expect(await (await self.fetch("/login?done=signed_out_everywhere")).text()).toContain("すべての端末からログアウトしました");
    // the suite's own admin browser was signed out with the rest
    expect(locationOf(await admin.signIn(ADMIN))).toBe("/");
  });

  it("shows profiles: e-mail only to oneself and admins", async () => {
    const a = new TestBrowser(server.url);
    const b = new TestBrowser(server.url);
    await t().db.user.createMany({
      data: [
        { email: "p1@example.com", displayName: "p1", avatarUrl: "/a.svg" },
        { email: "p2@example.com", displayName: "p2", avatarUrl: "/a.svg" },
      ],
    });
    await a.signIn("p1@example.com");
    await b.signIn("p2@example.com");
    const p1 = (await userByEmail("p1@example.com"))!;
    const own = await (await a.fetch(`/users/${p1.id}`)).text();
    expect(own).toContain('data-testid="profile-email"');
    const other = await (await b.fetch(`/users/${p1.id}`)).text();
    expect(other).toContain('data-testid="profile-name"');
    expect(other).not.toContain("p1@example.com");
    expect(await (await admin.fetch(`/users/${p1.id}`)).text()).toContain("p1@example.com");
    // signed in, /login goes to one's profile
    expect(locationOf(await a.fetch("/login"))).toBe(`/users/${p1.id}`);
  });
});

describeEachEngine("domain-only site", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "domain", ALLOWED_EMAIL_DOMAINS: "suzumina.example" });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  it("sends the hd hint, admits the domain, refuses other domains and unverified e-mails", async () => {
    const b = new TestBrowser(server.url);
    const start = await b.post("/auth/google", { login_hint: "a@suzumina.example" });
    expect(new URL(locationOf(start)!).searchParams.get("hd")).toBe("suzumina.example");
    mock.setProfile({ email: "a@suzumina.example", hd: "suzumina.example" });
    expect(locationOf(await b.signIn("a@suzumina.example"))).toBe("/");
    expect(locationOf(await new TestBrowser(server.url).signIn("a@gmail.com"))).toBe("/auth/not-allowed?reason=domain");
    mock.setProfile({ email: "u@suzumina.example", email_verified: false, hd: "suzumina.example" });
    expect(locationOf(await new TestBrowser(server.url).signIn("u@suzumina.example"))).toBe("/auth/not-allowed?reason=unverified");
    expect((await t().db.user.findMany()).map((u) => u.email)).toEqual(["a@suzumina.example"]);
  });

  it("tells admins that invitations have no effect under this policy", async () => {
    mock.setProfile({ email: "boss@suzumina.example", hd: "suzumina.example" });
    const b = new TestBrowser(server.url);
    expect(locationOf(await b.signIn("boss@suzumina.example"))).toBe("/");
    await t().db.user.update({ where: { email: "boss@suzumina.example" }, data: { role: "admin" } });
    const page = await (await b.fetch("/admin/invites")).text();
    expect(page).toContain('data-policy="domain"');
    expect(page).toContain("招待には効果がありません");
    expect(page).toContain("suzumina.example");
    const made = await (await b.post("/admin/invites", { intent: "create", email: "guest@other.example", expiresInDays: "7" })).text();
    expect(made).toContain("今のログイン方針では、この招待は使われません");
  });
});
