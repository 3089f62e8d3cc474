import { beforeEach, expect, it } from "vitest";
import { findSessionWithUser, hashToken } from "~/models/session.server";
import { createUser, setUserRole } from "~/models/user.server";
import { describeEachEngine } from "~test/engines";
import { createDbSessionStorage, createUserSession, getAuth, readAuth, REFRESH_AFTER_MS, requireAdmin, requireUser, SESSION_COOKIE } from "./session.server";

const OLD = "old-secret-0123456789abcdef0123456789";
const NEW = "new-secret-0123456789abcdef0123456789";
const MAX_AGE = 30 * 86_400;
const storageWith = (secrets: string[], secure = false) => createDbSessionStorage({ secrets, maxAgeSeconds: MAX_AGE, secure });
const pair = (setCookie: string) => setCookie.split(";")[0];
const req = (cookie?: string, path = "/") => new Request(`http://app.test${path}`, { headers: cookie ? { Cookie: cookie } : {} });

async function signedIn(secrets = [OLD]) {
  const user = await createUser({ displayName: "はな", avatarUrl: "/a.svg", email: `hana${Math.random()}@example.com` });
  const storage = storageWith(secrets);
  const session = await storage.getSession();
  session.set("userId", user.id);
  const setCookie = await storage.commitSession(session);
  return { user, storage, setCookie, cookie: pair(setCookie) };
}

describeEachEngine("database session storage", (t) => {
  beforeEach(() => t().reset());

  it("puts a signed random token in an HttpOnly, SameSite=Lax cookie and only its hash in the table", async () => {
    const { user, setCookie, cookie, storage } = await signedIn();
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(new RegExp(`Max-Age=${MAX_AGE}`));
    expect(setCookie).not.toMatch(/Secure/);
    expect(await storageWith([OLD], true).commitSession(await storage.getSession(cookie))).toMatch(/; Secure/);
    // the cookie value is the token + "." + HMAC
    const [token] = decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1)).split(".");
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await t().db.session.findMany();
    expect(rows).toEqual([expect.objectContaining({ userId: user.id, sessionToken: hashToken(token) })]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await readAuth(req(cookie), storage, MAX_AGE)).user?.id).toBe(user.id);
  });

  it("rejects a tampered cookie or an unsigned token", async () => {
    const { cookie, storage } = await signedIn();
    const [name, value] = cookie.split("=");
    const tampered = `${name}=${value.slice(0, -3)}AAA`;
    expect((await readAuth(req(tampered), storage, MAX_AGE)).user).toBeNull();
    const [payload] = decodeURIComponent(value).split(".");
    expect((await readAuth(req(`${name}=${encodeURIComponent(payload)}`), storage, MAX_AGE)).user).toBeNull();
  });

  it("rotates secrets: the first signs, all verify, a dropped secret stops verifying", async () => {
    const { user, cookie } = await signedIn([OLD]);
    const rotated = storageWith([NEW, OLD]);
    expect((await readAuth(req(cookie), rotated, MAX_AGE)).user?.id).toBe(user.id);
    const reissued = pair(await rotated.commitSession(await rotated.getSession(cookie)));
    expect((await readAuth(req(reissued), storageWith([NEW]), MAX_AGE)).user?.id).toBe(user.id);
    expect((await readAuth(req(cookie), storageWith([NEW]), MAX_AGE)).user).toBeNull();
  });

  it("expires: an expired session is no session, and its cookie is cleared", async () => {
    const { cookie, storage } = await signedIn();
    await t().db.session.updateMany({ data: { expires: new Date(Date.now() - 1000) } });
    const auth = await readAuth(req(cookie), storage, MAX_AGE);
    expect(auth.user).toBeNull();
    expect(auth.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
  });

  it("slides the expiry at most once per hour: no write for a fresh session, one for an older one", async () => {
    const { cookie, storage } = await signedIn();
    const before = (await t().db.session.findFirstOrThrow()).expires;
    const fresh = await readAuth(req(cookie), storage, MAX_AGE);
    expect(fresh.setCookie).toBeUndefined();
    expect((await t().db.session.findFirstOrThrow()).expires).toEqual(before);

    const older = new Date(Date.now() + MAX_AGE * 1000 - REFRESH_AFTER_MS - 60_000);
    await t().db.session.updateMany({ data: { expires: older } });
    const refreshed = await readAuth(req(cookie), storage, MAX_AGE);
    expect(refreshed.user).not.toBeNull();
    expect(refreshed.setCookie).toMatch(new RegExp(`Max-Age=${MAX_AGE}`));
    const after = (await t().db.session.findFirstOrThrow()).expires;
    expect(after.getTime()).toBeGreaterThan(older.getTime() + REFRESH_AFTER_MS);
  });

  it("destroying deletes the row; a sign-in always issues a new session id", async () => {
    const { user, cookie, storage } = await signedIn();
    const second = pair(await createUserSession(user.id));
    expect(second).not.toBe(cookie);
    expect(await t().db.session.count()).toBe(2);
    const cleared = await storage.destroySession(await storage.getSession(cookie));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await t().db.session.count()).toBe(1);
    expect((await readAuth(req(cookie), storage, MAX_AGE)).user).toBeNull();
  });

  it("signing in purges expired sessions of everyone", async () => {
    const { user } = await signedIn();
    await t().db.session.create({ data: { userId: user.id, sessionToken: hashToken("x"), expires: new Date(Date.now() - 1) } });
    await createUserSession(user.id);
    await expect.poll(() => t().db.session.count({ where: { expires: { lte: new Date() } } })).toBe(0);
    expect(await findSessionWithUser("x")).toBeNull();
  });

  it("guards: signed out → redirect to /login with redirectTo; member → 403 on admin; admin passes", async () => {
    const anon = await requireUser(req(undefined, "/users/x?tab=1")).catch((r: Response) => r);
    expect(anon).toBeInstanceOf(Response);
    expect((anon as Response).status).toBe(302);
    expect((anon as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fusers%2Fx%3Ftab%3D1");

    const member = await createUser({ displayName: "m", avatarUrl: "/m.svg" });
    const memberCookie = pair(await createUserSession(member.id));
    expect((await requireUser(req(memberCookie))).id).toBe(member.id);
    const forbidden = await requireAdmin(req(memberCookie, "/admin/users")).catch((r: Response) => r);
    expect((forbidden as Response).status).toBe(403);

    await setUserRole(member.id, "admin");
    expect((await requireAdmin(req(memberCookie, "/admin/users"))).role).toBe("admin");
  });

  it("memoises the lookup per request context (root and route loaders share one query)", async () => {
    const member = await createUser({ displayName: "m", avatarUrl: "/m.svg" });
    const cookie = pair(await createUserSession(member.id));
    const context = {};
    const first = getAuth(req(cookie), context);
    expect(getAuth(req(cookie), context)).toBe(first);
    expect(getAuth(req(cookie), {})).not.toBe(first);
    expect((await first).user?.id).toBe(member.id);
  });
});
