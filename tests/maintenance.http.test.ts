// MAINTENANCE_MODE=read-only, the cut-over's write freeze, on the real production server and both
// engines: visitors and signed-in members keep reading (a banner says why nothing can be changed), every
// write is refused with a Japanese 503 and Retry-After, /readyz stays 200 — and the database receives
// zero writes during a full journey: triggers on every table log any row written, and every table's
// checksum is the same before and after.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type MockOidc } from "../scripts/mock-oidc";
import { TABLES } from "../scripts/transfer/tables";
import { checksums } from "../scripts/transfer/transfer";
import { exec } from "../scripts/transfer/testing";
import type { Provider } from "~/db/provider";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { locationOf, TestBrowser } from "~test/test-browser";

const ADMIN = "chief@example.com";

/** A write_log table and a trigger per table and kind of write that records every row written. */
function writeTriggers(provider: Provider): string {
  if (provider === "sqlite") {
    return [
      "CREATE TABLE write_log (tbl TEXT NOT NULL, op TEXT NOT NULL)",
      ...TABLES.flatMap((t) =>
        ["INSERT", "UPDATE", "DELETE"].map((op) => `CREATE TRIGGER wl_${t.name}_${op} AFTER ${op} ON "${t.name}" BEGIN INSERT INTO write_log VALUES ('${t.name}', '${op}'); END`),
      ),
    ].join(";\n");
  }
  return [
    "CREATE TABLE write_log (tbl text NOT NULL, op text NOT NULL)",
    "CREATE FUNCTION log_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO write_log VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$",
    // statement triggers fire even for a write that changes no row
    ...TABLES.map((t) => `CREATE TRIGGER wl_${t.name} AFTER INSERT OR UPDATE OR DELETE ON "${t.name}" FOR EACH STATEMENT EXECUTE FUNCTION log_write()`),
  ].join(";\n");
}

describeEachEngine("read-only maintenance mode", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  let admin: TestBrowser;
  let member: TestBrowser;
  let memberId: string;
  beforeAll(async () => {
    mock = await startTestMock();
    // the site as it runs before the freeze: members sign in
    const before = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ADMIN_EMAILS: ADMIN, ACCESS_POLICY: "open" });
    admin = new TestBrowser(before.url);
    member = new TestBrowser(before.url);
    expect(locationOf(await admin.signIn(ADMIN))).toBe("/");
    expect(locationOf(await member.signIn("hana@example.com"))).toBe("/");
    memberId = (await t().db.user.findUniqueOrThrow({ where: { email: "hana@example.com" } })).id;
    await before.stop();
    // a session whose sliding refresh is due: reading it must not write the new expiry
    await t().db.session.updateMany({ where: { userId: memberId }, data: { expires: new Date(Date.now() + 86_400_000) } });
    await exec(t().url, writeTriggers(t().provider));
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ADMIN_EMAILS: ADMIN, ACCESS_POLICY: "open", MAINTENANCE_MODE: "read-only", MAINTENANCE_RETRY_AFTER_SECONDS: "900" });
    for (const b of [admin, member]) Object.assign(b, { base: server.url });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  it("serves every page to visitors, members and admins, refuses every write, and the database is not written", async () => {
    const sumsBefore = await checksums(t().url);
    const visitor = new TestBrowser(server.url);
    for (const [who, path] of [
      [visitor, "/"],
      [visitor, "/login"],
      [member, "/"],
      [member, `/users/${memberId}`],
      [admin, "/admin/users"],
      [admin, "/admin/users?q=hana"],
      [admin, "/admin/invites"],
    ] as const) {
      const res = await who.fetch(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain('data-testid="maintenance-banner"');
      expect(res.headers.getSetCookie(), path).toEqual([]); // no refreshed or cleared session cookie
    }
    expect(await (await member.fetch("/")).text()).toMatch(/おかえりなさい、(<!-- -->)?hana/);

    const writes = [
      ["sign-in start", () => visitor.post("/auth/google", { login_hint: "new@example.com" })],
      ["sign-in callback", () => visitor.fetch("/auth/google/callback?code=x&state=y")],
      ["sign-out", () => member.post("/logout", {})],
      ["role change", () => admin.post("/admin/users", { intent: "role", userId: memberId, role: "admin" })],
      ["session revocation", () => admin.post("/admin/users", { intent: "revoke", userId: memberId })],
      ["invitation", () => admin.post("/admin/invites", { intent: "create", email: "x@example.com", expiresInDays: "7" })],
    ] as const;
    for (const [what, send] of writes) {
      const res = await send();
      expect(res.status, what).toBe(503);
      expect(res.headers.get("retry-after"), what).toBe("900");
      expect(await res.text(), what).toContain("ただいまメンテナンス中です");
    }
    // the member is still signed in: sign-out was refused, the session survives the freeze
    expect(await (await member.fetch("/")).text()).toContain('data-testid="welcome"');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const logged = t().provider === "sqlite" ? "select count(*) as n from write_log" : "select count(*)::int as n from write_log";
    const db = await import("~test/engines").then((m) => m.openTestDatabase(t().provider, t().url));
    try {
      expect((await db.client.$queryRawUnsafe<{ n: number | bigint }[]>(logged))[0].n).toEqual(t().provider === "sqlite" ? 0n : 0);
    } finally {
      await db.close();
    }
    expect(await checksums(t().url)).toEqual(sumsBefore);
    expect(server.logs()).not.toMatch(/"level":50/);
  });

  it("writes again after a restart with the mode off", async () => {
    await server.stop();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ADMIN_EMAILS: ADMIN, ACCESS_POLICY: "open" });
    Object.assign(member, { base: server.url });
    const home = await member.fetch("/");
    expect(await home.text()).not.toContain('data-testid="maintenance-banner"');
    expect((await member.post("/logout", {})).status).toBe(302);
    expect(await t().db.session.count({ where: { userId: memberId } })).toBe(0);
  });
});
