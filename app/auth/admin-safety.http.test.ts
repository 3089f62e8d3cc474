// The security review's findings on admin powers, over HTTP against the real server on both engines:
// at least one admin remains under concurrent demotions, and blocking a member ends their sessions at
// once and refuses every way back in until they are unblocked.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type MockOidc } from "../../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { locationOf, TestBrowser } from "~test/test-browser";

const CHIEF = "safety-chief@example.com";

describeEachEngine("admin safety", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "invite", ADMIN_EMAILS: CHIEF });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });
  beforeEach(async () => {
    await t().reset();
    mock.reset();
  });

  /** A signed-in browser and the user's id; role set straight in the database. */
  async function member(email: string, role: "member" | "admin" = "member") {
    const b = new TestBrowser(server.url);
    // admitted through an invitation made by hand (the chief through ADMIN_EMAILS); admins promoted in the database
    if (email !== CHIEF) await t().db.verificationToken.create({ data: { identifier: email, token: `t-${email}`, expires: new Date(Date.now() + 86_400_000) } });
    expect(locationOf(await b.signIn(email))).toBe("/");
    const user = await t().db.user.findUniqueOrThrow({ where: { email } });
    if (role === "admin") await t().db.user.update({ where: { id: user.id }, data: { role: "admin" } });
    return { b, id: user.id };
  }
  const admins = () => t().db.user.count({ where: { role: "admin", blockedAt: null } });

  it("two admins demoting each other at the same moment leave one admin, every time (10 tries)", async () => {
    const a = await member(CHIEF, "admin");
    const b = await member("safety-second@example.com", "admin");
    const outcomes: number[][] = [];
    for (let i = 0; i < 10; i++) {
      await t().db.user.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { role: "admin" } });
      const res = await Promise.all([
        a.b.post("/admin/users", { intent: "role", userId: b.id, role: "member", confirm: "yes" }),
        b.b.post("/admin/users", { intent: "role", userId: a.id, role: "member", confirm: "yes" }),
      ]);
      outcomes.push(res.map((r) => r.status).sort());
      expect(await admins(), `try ${i + 1}: ${JSON.stringify(outcomes.at(-1))}`).toBe(1);
    }
    // the loser of each race is told why, with a 409 and the page, never a 500
    expect(outcomes.filter(([x, y]) => !(x === 200 && (y === 409 || y === 403))), JSON.stringify(outcomes)).toEqual([]);
  });

  it("the last admin cannot be demoted or blocked through another admin's race, nor block themselves", async () => {
    const a = await member(CHIEF, "admin");
    const m = await member("safety-member@example.com");
    const self = await a.b.post("/admin/users", { intent: "block", userId: a.id });
    expect(self.status).toBe(400);
    expect(await self.text()).toContain("自分自身はブロックできません");
    // a member cannot block anyone (403), the admin's state is unchanged
    expect((await m.b.post("/admin/users", { intent: "block", userId: a.id })).status).toBe(403);
    expect(await admins()).toBe(1);
  });

  it("blocking ends the member's sessions at once, refuses sign-in on every path, and unblocking restores", async () => {
    const a = await member(CHIEF, "admin");
    const m = await member("safety-blocked@example.com");
    const second = new TestBrowser(server.url);
    expect(locationOf(await second.signIn("safety-blocked@example.com"))).toBe("/");
    expect((await m.b.fetch(`/users/${m.id}`)).status).toBe(200);

    // asked first: nothing happens until confirm=yes
    expect(await (await a.b.post("/admin/users", { intent: "block", userId: m.id })).text()).toContain("ブロックしますか");
    expect((await m.b.fetch(`/users/${m.id}`)).status).toBe(200);
    const blocked = await a.b.post("/admin/users", { intent: "block", userId: m.id, confirm: "yes" });
    expect(blocked.status).toBe(200);
    expect(await blocked.text()).toContain("ブロックしました");
    expect(await t().db.session.count({ where: { userId: m.id } })).toBe(0);
    for (const b of [m.b, second]) expect(locationOf(await b.fetch(`/users/${m.id}`))).toMatch(/^\/login\?redirectTo=/);

    // sign-in refused with a clear page: plain sign-in, through a fresh invitation, through a claim link
    const plain = await new TestBrowser(server.url).signIn("safety-blocked@example.com");
    expect(locationOf(plain)).toBe("/auth/not-allowed?reason=blocked");
    const page = await new TestBrowser(server.url).fetch(locationOf(plain)!);
    expect(await page.text()).toContain("このアカウントは利用を停止されています");
    await t().db.verificationToken.create({ data: { identifier: "safety-blocked@example.com", token: "again", expires: new Date(Date.now() + 86_400_000) } });
    expect(locationOf(await new TestBrowser(server.url).signIn("safety-blocked@example.com"))).toBe("/auth/not-allowed?reason=blocked");
    const claim = await a.b.post("/admin/users", { intent: "claim", userId: m.id });
    // the member already has Google: a claim link is not offered; make one for an imported blocked member instead
    expect(claim.status).toBe(400);
    const imported = await t().db.user.create({ data: { displayName: "旧メンバー", avatarUrl: "/a.svg", role: "member" } });
    expect((await a.b.post("/admin/users", { intent: "block", userId: imported.id, confirm: "yes" })).status).toBe(200);
    const link = /data-testid="claim-link">([^<]+)</.exec(await (await a.b.post("/admin/users", { intent: "claim", userId: imported.id })).text())?.[1];
    expect(link).toBeTruthy();
    const claimer = new TestBrowser(server.url);
    const secret = new URL(link!.replace(/&amp;/g, "&")).searchParams.get("claim")!;
    expect(locationOf(await claimer.signIn("safety-claimer@example.com", "/", { claim: secret }))).toBe("/auth/not-allowed?reason=blocked");
    expect(await t().db.account.count({ where: { userId: imported.id } })).toBe(0);
    // no session was created by any of those attempts
    expect(await t().db.session.count({ where: { userId: { in: [m.id, imported.id] } } })).toBe(0);

    // the admin list shows the state, and unblocking restores sign-in
    expect(await (await a.b.fetch("/admin/users")).text()).toContain('data-blocked="true"');
    // blocking again is no change; unblocking needs no confirmation
    expect(await (await a.b.post("/admin/users", { intent: "block", userId: m.id, confirm: "yes" })).text()).toContain("変更はありません");
    expect((await a.b.post("/admin/users", { intent: "unblock", userId: m.id })).status).toBe(200);
    const back = new TestBrowser(server.url);
    expect(locationOf(await back.signIn("safety-blocked@example.com"))).toBe("/");
    expect((await back.fetch(`/users/${m.id}`)).status).toBe(200);
  });
});
