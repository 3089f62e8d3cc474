// Every route of the build × (signed out, member, admin) → expected status, against the real production
// server with sessions from real sign-ins through the mock Google. A route added to the app without a row
// here fails the coverage check.
import { startTestMock } from "~test/mock-env";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type MockOidc } from "../../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { TestBrowser } from "~test/test-browser";

type Who = "anon" | "member" | "admin";
/** status, or [status, Location prefix] */
type Expect = number | [number, string];
interface Ids {
  member: string;
  admin: string;
  /** a member imported from the previous app (no Google account), whom the rows below block and unblock */
  other: string;
}
interface Row {
  route: string;
  method: "GET" | "POST";
  path: (ids: Ids) => string;
  /** the form to post; `who` lets a row send what only that person knows (their own display name) */
  form?: (ids: Ids, who: Who) => Record<string, string>;
  expect: Record<Who, Expect>;
}

const LOGIN = [302, "/login?redirectTo="] as [number, string];
const MATRIX: Row[] = [
  { route: "root", method: "GET", path: () => "/", expect: { anon: 200, member: 200, admin: 200 } },
  { route: "routes/_index", method: "GET", path: () => "/", expect: { anon: 200, member: 200, admin: 200 } },
  { route: "routes/login", method: "GET", path: () => "/login", expect: { anon: 200, member: [302, "/users/"], admin: [302, "/users/"] } },
  { route: "routes/logout", method: "GET", path: () => "/logout", expect: { anon: [302, "/"], member: [302, "/"], admin: [302, "/"] } },
  { route: "routes/logout", method: "POST", path: () => "/logout", form: () => ({}), expect: { anon: [302, "/"], member: [302, "/"], admin: [302, "/"] } },
  { route: "routes/auth.google", method: "GET", path: () => "/auth/google", expect: { anon: [302, "/login"], member: [302, "/login"], admin: [302, "/login"] } },
  {
    route: "routes/auth.google",
    method: "POST",
    path: () => "/auth/google",
    form: () => ({ login_hint: "someone@example.com" }),
    // to the provider: the mock Google over HTTPS
    expect: { anon: [302, "https://127.0.0.1"], member: [302, "https://127.0.0.1"], admin: [302, "https://127.0.0.1"] },
  },
  {
    route: "routes/auth.google_.callback",
    method: "GET",
    path: () => "/auth/google/callback",
    expect: { anon: [302, "/auth/error?reason=state_mismatch"], member: [302, "/auth/error?reason=state_mismatch"], admin: [302, "/auth/error?reason=state_mismatch"] },
  },
  // the benchmarks' baseline page: public, no data
  { route: "routes/bench.bare", method: "GET", path: () => "/bench/bare", expect: { anon: 200, member: 200, admin: 200 } },
  { route: "routes/auth.error", method: "GET", path: () => "/auth/error?reason=access_denied", expect: { anon: 200, member: 200, admin: 200 } },
  { route: "routes/auth.not-allowed", method: "GET", path: () => "/auth/not-allowed?reason=invite", expect: { anon: 200, member: 200, admin: 200 } },
  { route: "routes/users.$userId", method: "GET", path: (ids) => `/users/${ids.member}`, expect: { anon: LOGIN, member: 200, admin: 200 } },
  { route: "routes/users.$userId", method: "GET", path: (ids) => `/users/${ids.admin}`, expect: { anon: LOGIN, member: 200, admin: 200 } },
  { route: "routes/users.$userId", method: "GET", path: () => "/users/no-such-user", expect: { anon: LOGIN, member: 404, admin: 404 } },
  { route: "routes/admin._index", method: "GET", path: () => "/admin", expect: { anon: LOGIN, member: 403, admin: [302, "/admin/users"] } },
  { route: "routes/admin.users", method: "GET", path: () => "/admin/users?q=example", expect: { anon: LOGIN, member: 403, admin: 200 } },
  {
    route: "routes/admin.users",
    method: "POST",
    path: () => "/admin/users",
    form: (ids) => ({ intent: "role", userId: ids.member, role: "member" }),
    expect: { anon: LOGIN, member: 403, admin: 200 },
  },
  { route: "routes/admin.users", method: "POST", path: () => "/admin/users", form: (ids) => ({ intent: "block", userId: ids.other }), expect: { anon: LOGIN, member: 403, admin: 200 } },
  { route: "routes/admin.users", method: "POST", path: () => "/admin/users", form: (ids) => ({ intent: "unblock", userId: ids.other }), expect: { anon: LOGIN, member: 403, admin: 200 } },
  // an admin cannot block themselves (nor demote themselves): 400 with the reason
  { route: "routes/admin.users", method: "POST", path: () => "/admin/users", form: (ids) => ({ intent: "block", userId: ids.admin }), expect: { anon: LOGIN, member: 403, admin: 400 } },
  // the page that shows a claim link
  { route: "routes/admin.users", method: "POST", path: () => "/admin/users", form: (ids) => ({ intent: "claim", userId: ids.other }), expect: { anon: LOGIN, member: 403, admin: 200 } },
  { route: "routes/admin.users", method: "GET", path: () => "/admin/users.data", expect: { anon: [202, "/login?redirectTo="], member: 403, admin: 200 } },
  { route: "routes/admin.invites", method: "GET", path: () => "/admin/invites", expect: { anon: LOGIN, member: 403, admin: 200 } },
  {
    route: "routes/admin.invites",
    method: "POST",
    path: () => "/admin/invites",
    form: () => ({ intent: "create", email: `invitee-${Date.now()}-${Math.random()}@example.com`, expiresInDays: "3" }),
    expect: { anon: LOGIN, member: 403, admin: 200 },
  },
  // unknown URLs, also below an existing route: the friendly 404 page for everyone
  { route: "routes/$", method: "GET", path: () => "/login/extra", expect: { anon: 404, member: 404, admin: 404 } },
  { route: "routes/$", method: "GET", path: (ids) => `/users/${ids.member}/edit`, expect: { anon: 404, member: 404, admin: 404 } },
  { route: "routes/$", method: "POST", path: () => "/no-such-page", form: () => ({}), expect: { anon: 404, member: 404, admin: 404 } },
  { route: "routes/avatars.$seed[.svg]", method: "GET", path: () => "/avatars/abc.svg", expect: { anon: 200, member: 200, admin: 200 } },
  // a member's own settings: signed-in only, every role, and only ever the session's own user
  { route: "routes/settings", method: "GET", path: () => "/settings", expect: { anon: LOGIN, member: 200, admin: 200 } },
  { route: "routes/settings", method: "GET", path: () => "/settings.data", expect: { anon: [202, "/login?redirectTo="], member: 200, admin: 200 } },
  {
    route: "routes/settings",
    method: "POST",
    path: () => "/settings",
    form: (_ids, who) => ({ intent: "profile", displayName: `matrix ${who}`, avatar: "generated" }),
    expect: { anon: LOGIN, member: 200, admin: 200 },
  },
  // invalid name (a control character), unknown picture choice, unknown intent: 400 with the reason
  { route: "routes/settings", method: "POST", path: () => "/settings", form: () => ({ intent: "profile", displayName: "a\u0007b", avatar: "generated" }), expect: { anon: LOGIN, member: 400, admin: 400 } },
  { route: "routes/settings", method: "POST", path: () => "/settings", form: () => ({ intent: "profile", displayName: "ok", avatar: "https://evil.example/a.png" }), expect: { anon: LOGIN, member: 400, admin: 400 } },
  { route: "routes/settings", method: "POST", path: () => "/settings", form: () => ({ intent: "make-admin" }), expect: { anon: LOGIN, member: 400, admin: 400 } },
  // deletion needs the display name typed
  { route: "routes/settings", method: "POST", path: () => "/settings", form: () => ({ intent: "delete", confirmName: "someone else" }), expect: { anon: LOGIN, member: 400, admin: 400 } },
  { route: "routes/settings.export", method: "GET", path: () => "/settings/export", expect: { anon: LOGIN, member: 200, admin: 200 } },
  // last, as it removes the member: the member deletes their account; the site's only admin may not (409)
  {
    route: "routes/settings",
    method: "POST",
    path: () => "/settings",
    form: (_ids, who) => ({ intent: "delete", confirmName: `matrix ${who}` }),
    expect: { anon: LOGIN, member: [302, "/?done=account_deleted"], admin: 409 },
  },
];

describeEachEngine("authorization matrix", (t) => {
  let mock: MockOidc;
  let server: RunningServer;
  const browsers = {} as Record<Who, TestBrowser>;
  const ids: Ids = { member: "", admin: "", other: "" };

  beforeAll(async () => {
    mock = await startTestMock();
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ADMIN_EMAILS: "matrix-admin@example.com" });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  /** Fresh sign-ins for each cell: logout rows and role changes must not leak into the next cell. */
  async function as(who: Who): Promise<TestBrowser> {
    const b = new TestBrowser(server.url);
    if (who !== "anon") {
      const res = await b.signIn(`matrix-${who}@example.com`);
      if (res.status !== 302 || res.headers.get("Location") !== "/") throw new Error(`sign-in as ${who} failed: ${res.headers.get("Location")}`);
    }
    browsers[who] = b;
    return b;
  }

  it("covers every route of the build", async () => {
    const build = await import(pathToFileURL(path.join(inject("buildDir"), "server/index.js")).href);
    const routeIds = Object.keys(build.routes as Record<string, unknown>).sort();
    const covered = [...new Set(MATRIX.map((r) => r.route))].sort();
    expect(routeIds.filter((id) => !covered.includes(id))).toEqual([]);
  });

  it("answers each route × role as expected", async () => {
    await as("member");
    await as("admin");
    const users = await t().db.user.findMany({ where: { email: { in: ["matrix-member@example.com", "matrix-admin@example.com"] } } });
    ids.member = users.find((u) => u.email === "matrix-member@example.com")!.id;
    ids.admin = users.find((u) => u.email === "matrix-admin@example.com")!.id;
    expect(users.find((u) => u.id === ids.admin)?.role).toBe("admin");
    ids.other = (await t().db.user.create({ data: { displayName: "移行メンバー", avatarUrl: "/avatars/x.svg" } })).id;

    const failures: string[] = [];
    for (const row of MATRIX) {
      for (const who of ["anon", "member", "admin"] as const) {
        const b = await as(who);
        const url = row.path(ids);
        const res = row.method === "GET" ? await b.fetch(url) : await b.post(url, row.form!(ids, who));
        const [status, location] = Array.isArray(row.expect[who]) ? (row.expect[who] as [number, string]) : [row.expect[who] as number, undefined];
        const got = `${res.status}${res.headers.get("Location") ? ` → ${res.headers.get("Location")}` : ""}`;
        const body = await res.text();
        if (res.status !== status || (location && !res.headers.get("Location")?.startsWith(location))) {
          failures.push(`${row.method} ${url} as ${who}: expected ${status}${location ? ` → ${location}…` : ""}, got ${got}`);
        }
        if (res.status === 403 && row.method === "GET" && !url.endsWith(".data") && !body.includes('data-testid="forbidden"')) failures.push(`${url} as ${who}: 403 page without data-testid="forbidden"`);
        if (res.status >= 500) failures.push(`${row.method} ${url} as ${who}: ${res.status}`);
        // every page and data answer to a signed-in browser, and everything that sets a cookie, is personal
        const personal = (who !== "anon" && (res.status < 300 || res.status >= 400) && !url.startsWith("/avatars/")) || res.headers.has("set-cookie");
        if (personal && res.headers.get("cache-control") !== "no-store") {
          failures.push(`${row.method} ${url} as ${who}: Cache-Control ${res.headers.get("cache-control")}, expected no-store`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses every state-changing POST from another origin, whoever sends it", async () => {
    const admin = await as("admin");
    for (const p of ["/admin/users", "/admin/invites", "/settings", "/logout", "/auth/google"]) {
      const res = await admin.post(p, { intent: "revoke", userId: ids.admin || "x", email: "e@example.com", login_hint: "e@example.com" }, { origin: "https://evil.example" });
      expect(res.status, p).toBe(403);
      const noOrigin = await admin.post(p, { intent: "revoke", userId: ids.admin || "x" }, { origin: null });
      expect(noOrigin.status, p).toBe(403);
    }
    // the admin's session survived all of that
    expect((await admin.fetch("/admin/users")).status).toBe(200);
  });

  it("settings act on the session's own user only, whatever ids the form carries", async () => {
    const member = new TestBrowser(server.url);
    await member.signIn("matrix-self@example.com");
    const me = await t().db.user.findUniqueOrThrow({ where: { email: "matrix-self@example.com" } });
    const admin = await t().db.user.findUniqueOrThrow({ where: { email: "matrix-admin@example.com" } });
    const res = await member.post("/settings", { intent: "profile", displayName: "乗っ取り", avatar: "generated", userId: admin.id, id: admin.id });
    expect(res.status).toBe(200);
    expect((await t().db.user.findUniqueOrThrow({ where: { id: me.id } })).displayName).toBe("乗っ取り");
    expect((await t().db.user.findUniqueOrThrow({ where: { id: admin.id } })).displayName).toBe(admin.displayName);
    const exported = await (await member.fetch(`/settings/export?userId=${admin.id}`)).json();
    expect(exported.user.id).toBe(me.id);
    expect(JSON.stringify(exported)).not.toContain("matrix-admin@example.com");
    expect((await member.post("/settings", { intent: "delete", confirmName: admin.displayName, userId: admin.id })).status).toBe(400);
    expect(await t().db.user.count({ where: { id: admin.id } })).toBe(1);
  });

  it("does not leak admin data through single-fetch data requests", async () => {
    const member = await as("member");
    const res = await member.fetch("/admin/users.data");
    const body = await res.text();
    expect(body).not.toContain("matrix-admin@example.com");
    const anon = await as("anon");
    expect(await (await anon.fetch(`/users/${ids.member}.data`)).text()).not.toContain("matrix-member@example.com");
  });
});
