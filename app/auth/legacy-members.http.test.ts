// After db:import-legacy, over HTTP on the real production server with the mock Google, on both engines
// and from both shapes of the previous app: members with their e-mail sign in and keep id, role and
// profile; members without one get back to their profile through a one-time claim link from /admin/users.
// The site runs invite-only, the strictest policy: neither path may need an invitation.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mockSub, type MockOidc } from "../../scripts/mock-oidc";
import { awkwardLegacyData } from "../../scripts/import-legacy/legacy-app/awkward";
import { createLegacyDatabase, insertLegacy } from "../../scripts/import-legacy/legacy-app/build";
import { runImport } from "../../scripts/transfer/testing";
import type { Provider } from "~/db/provider";
import { describeEachEngine, ENGINES } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { locationOf, TestBrowser } from "~test/test-browser";

const sources = {} as Record<Provider, string>;
const disposers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  for (const shape of ENGINES) {
    const db = await createLegacyDatabase(shape);
    disposers.push(db.dispose);
    await insertLegacy(db.url, shape, awkwardLegacyData(shape));
    sources[shape] = db.url;
  }
});
afterAll(() => Promise.all(disposers.map((d) => d())));

const claimLinkIn = (html: string) => /data-testid="claim-link">([^<]+)</.exec(html)?.[1].replace(/&amp;/g, "&");

describeEachEngine("members of the previous app sign in", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "invite" });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  for (const shape of ENGINES) {
    describe(`imported from the ${shape} previous app`, () => {
      beforeEach(async () => {
        mock.reset();
        await t().reset();
        const r = await runImport(["--from", sources[shape], "--to", t().url]);
        expect(r.code, r.stderr).toBe(0);
      });

      it("a legacy admin signs in with their e-mail, keeps id, role and profile, and reaches /admin/users", async () => {
        mock.setProfile({ email: "admin@example.com", name: "Google での名前", picture: "https://lh3.googleusercontent.com/a/z=s96-c" });
        const b = new TestBrowser(server.url);
        expect(locationOf(await b.signIn("admin@example.com", "/admin/users"))).toBe("/admin/users");
        const page = await b.fetch("/admin/users");
        expect(page.status).toBe(200);
        const html = await page.text();
        expect(html.match(/data-testid="user-row"/g)).toHaveLength(13);
        expect(await t().db.user.count()).toBe(13);
        const admin = await t().db.user.findUniqueOrThrow({ where: { id: "u01-admin" }, include: { accounts: { orderBy: { provider: "asc" } } } });
        expect(admin).toMatchObject({ role: "admin", displayName: "管理人すずみな🌸", email: "admin@example.com", avatarUrl: "https://cdn.discordapp.com/avatars/u01-admin/a1b2c3.png" });
        expect(admin.accounts.map((a) => [a.provider, a.providerAccountId])).toEqual([
          ["discord", "100000000000000001"],
          ["google", mockSub("admin@example.com")],
        ]);
        // the Google account is linked now: the next sign-in finds it by account, not by e-mail
        expect(locationOf(await new TestBrowser(server.url).signIn("admin@example.com"))).toBe("/");
        expect(await t().db.account.count({ where: { userId: "u01-admin" } })).toBe(2);
      });

      it("a member without an e-mail claims their profile, role included, through a one-time link", async () => {
        // an admin without a usable e-mail (cleared as a duplicate)
        await t().db.user.update({ where: { id: "u05-tie" }, data: { role: "admin" } });
        const admin = new TestBrowser(server.url);
        expect(locationOf(await admin.signIn("admin@example.com"))).toBe("/");
        const list = await (await admin.fetch("/admin/users?q=u05-tie")).text();
        expect(list.match(/data-testid="user-row"/g)).toHaveLength(1);
        expect(list).toContain("Google 未連携");

        const made = await admin.post("/admin/users", { intent: "claim", userId: "u05-tie" });
        expect(made.status).toBe(200);
        const link = claimLinkIn(await made.text());
        expect(link).toMatch(new RegExp(`^${server.url}/login\\?claim=[A-Za-z0-9_-]{43}$`));
        const secret = new URL(link!).searchParams.get("claim")!;
        const stored = await t().db.verificationToken.findFirstOrThrow({ where: { identifier: "claim:u05-tie" } });
        expect(stored.token).toMatch(/^[0-9a-f]{64}$/);
        expect(stored.token).not.toContain(secret);
        // not an invitation: the invitations page does not list it
        expect(await (await admin.fetch("/admin/invites")).text()).not.toContain("claim:");

        const member = new TestBrowser(server.url);
        const landing = await member.fetch(link!);
        expect(landing.status).toBe(200);
        const landingHtml = await landing.text();
        expect(landingHtml).toContain('data-testid="claim-notice"');
        expect(landingHtml).toContain("同時刻B");
        expect(locationOf(await member.signIn("tie.b@gmail.example", "/admin/users", { claim: secret }))).toBe("/admin/users");
        expect((await member.fetch("/admin/users")).status).toBe(200);
        const claimed = await t().db.user.findUniqueOrThrow({ where: { id: "u05-tie" }, include: { accounts: true } });
        expect(claimed).toMatchObject({ role: "admin", displayName: "同時刻B", email: "tie.b@gmail.example" });
        expect(claimed.accounts.map((a) => a.providerAccountId)).toEqual([mockSub("tie.b@gmail.example")]);
        expect(await t().db.user.count()).toBe(13);
        // and from now on an ordinary sign-in finds them
        expect(locationOf(await new TestBrowser(server.url).signIn("tie.b@gmail.example"))).toBe("/");
        expect(await t().db.user.count()).toBe(13);

        // used up: the page says so with a 404, and a sign-in through it is sent back there
        const again = new TestBrowser(server.url);
        const dead = await again.fetch(link!);
        expect(dead.status).toBe(404);
        expect(await dead.text()).toContain('data-testid="claim-invalid"');
        const start = await again.post("/auth/google", { login_hint: "someone@example.com", claim: secret });
        expect(locationOf(start)).toMatch(/^\/login\?claim=/);
        expect(await t().db.user.count()).toBe(13);
      });

      it("refuses an expired or tampered link, and a Google account that belongs to another member", async () => {
        const admin = new TestBrowser(server.url);
        expect(locationOf(await admin.signIn("admin@example.com"))).toBe("/");
        const link = claimLinkIn(await (await admin.post("/admin/users", { intent: "claim", userId: "u07-null" })).text())!;
        const secret = new URL(link).searchParams.get("claim")!;

        const tampered = await new TestBrowser(server.url).fetch(`/login?claim=${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`);
        expect(tampered.status).toBe(404);
        expect(await tampered.text()).toContain("このプロフィール引き継ぎリンクは、期限が切れたか、すでに使われたか、正しくありません");

        // admin@example.com's Google account already belongs to u01-admin
        const wrong = new TestBrowser(server.url);
        const refused = await wrong.signIn("admin@example.com", "/", { claim: secret });
        expect(locationOf(refused)).toBe("/auth/not-allowed?reason=claim_taken");
        const page = await wrong.fetch(locationOf(refused)!);
        expect(await page.text()).toContain("この Google アカウントは別のメンバーのものです");
        expect(wrong.cookies.has("__Host-session")).toBe(false);
        // nothing changed, and the link still works for the right person
        expect(await t().db.account.count({ where: { userId: "u07-null" } })).toBe(0);
        expect((await new TestBrowser(server.url).fetch(link)).status).toBe(200);

        // expired: the sign-in started in time, but the link ran out before Google answered
        const late = new TestBrowser(server.url);
        const callback = await late.authorize("late@example.com", "/", { claim: secret });
        await t().db.verificationToken.updateMany({ where: { identifier: "claim:u07-null" }, data: { expires: new Date(Date.now() - 1000) } });
        expect(locationOf(await late.fetch(callback))).toBe("/auth/not-allowed?reason=claim_invalid");
        expect((await new TestBrowser(server.url).fetch(link)).status).toBe(404);
        expect(await t().db.user.count()).toBe(13);
        expect(await t().db.account.count({ where: { userId: "u07-null" } })).toBe(0);

        // a user already signed in with Google needs no link
        const linked = await admin.post("/admin/users", { intent: "claim", userId: "u01-admin" });
        expect(linked.status).toBe(400);
        expect(await linked.text()).toContain("引き継ぎリンクは不要です");
      });
    });
  }
});
