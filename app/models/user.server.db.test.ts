import { beforeEach, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { createClaimLink } from "./claim.server";
import { createInvite } from "./invite.server";
import { exportMyData } from "./my-data.server";
import { searchUsers } from "./user.server";
import {
  countUsers,
  createUser,
  deleteOwnAccount,
  getUserByEmail,
  getUserById,
  LastAdminError,
  setUserBlocked,
  setUserRole,
  toUserRecord,
  updateProfile,
  upsertUserByEmail,
} from "./user.server";

describeEachEngine("user model", (t) => {
  beforeEach(() => t().reset());

  it("creates a member by default and keeps Japanese text and emoji intact", async () => {
    const u = await createUser({ displayName: "すずみな🌸 ファン", avatarUrl: "/avatars/a.svg", email: " Fan@Example.COM " });
    expect(u.role).toBe("member");
    expect(u.email).toBe("fan@example.com");
    const again = await getUserById(u.id);
    expect(again?.displayName).toBe("すずみな🌸 ファン");
    expect(again?.createdAt.getTime()).toBe(u.createdAt.getTime());
    expect(await countUsers()).toBe(1);
  });

  it("enforces unique e-mails", async () => {
    await createUser({ displayName: "a", avatarUrl: "x", email: "dup@example.com" });
    await expect(createUser({ displayName: "b", avatarUrl: "x", email: "DUP@example.com" })).rejects.toThrow();
    expect(await countUsers()).toBe(1);
  });

  it("allows many users without e-mail (NULL is not a duplicate)", async () => {
    await createUser({ displayName: "a", avatarUrl: "x" });
    await createUser({ displayName: "b", avatarUrl: "x" });
    expect(await countUsers()).toBe(2);
  });

  it("upserts by e-mail idempotently", async () => {
    const a = await upsertUserByEmail({ email: "x@example.com", displayName: "one", avatarUrl: "x" });
    const b = await upsertUserByEmail({ email: "x@example.com", displayName: "two", avatarUrl: "y", role: "admin" });
    expect(b.id).toBe(a.id);
    expect(b.role).toBe("admin");
    expect((await getUserByEmail("X@example.com"))?.displayName).toBe("two");
    expect(await countUsers()).toBe(1);
  });

  it("changes roles only to allowed values", async () => {
    const u = await createUser({ displayName: "a", avatarUrl: "x" });
    expect(await setUserRole(u.id, "admin")).toMatchObject({ changed: true, user: { role: "admin" } });
    await expect(setUserRole(u.id, "owner" as never)).rejects.toThrow();
    expect(await setUserRole("missing", "admin")).toBeNull();
  });

  it("reports no change for the same role or block state, and writes nothing then", async () => {
    const u = await createUser({ displayName: "a", avatarUrl: "x", role: "admin" });
    const before = (await t().db.user.findUniqueOrThrow({ where: { id: u.id } })).updatedAt;
    // the last admin "demoted" to admin again is no change, not a LastAdminError
    expect(await setUserRole(u.id, "admin")).toMatchObject({ changed: false, user: { role: "admin" } });
    expect(await setUserBlocked(u.id, false)).toMatchObject({ changed: false, user: { blockedAt: null } });
    const m = await createUser({ displayName: "m", avatarUrl: "x" });
    expect((await setUserBlocked(m.id, true))?.changed).toBe(true);
    const blockedAt = (await getUserById(m.id))?.blockedAt;
    expect(await setUserBlocked(m.id, true)).toMatchObject({ changed: false, user: { blockedAt } });
    expect((await t().db.user.findUniqueOrThrow({ where: { id: u.id } })).updatedAt).toEqual(before);
  });

  it("keeps one active admin: the last cannot be demoted or blocked; blocking ends sessions, unblocking restores", async () => {
    const a = await createUser({ displayName: "a", avatarUrl: "x", role: "admin" });
    const b = await createUser({ displayName: "b", avatarUrl: "x", role: "admin" });
    await t().db.session.create({ data: { userId: b.id, sessionToken: "hb", expires: new Date(Date.now() + 60_000) } });
    expect((await setUserBlocked(b.id, true))?.user.blockedAt).toBeInstanceOf(Date);
    expect(await t().db.session.count({ where: { userId: b.id } })).toBe(0);
    // a blocked admin does not count: a is the last active one
    await expect(setUserBlocked(a.id, true)).rejects.toBeInstanceOf(LastAdminError);
    await expect(setUserRole(a.id, "member")).rejects.toBeInstanceOf(LastAdminError);
    expect((await getUserById(a.id))?.role).toBe("admin");
    expect((await setUserBlocked(b.id, false))?.user.blockedAt).toBeNull();
    expect((await setUserRole(a.id, "member"))?.user.role).toBe("member");
    await expect(setUserRole(b.id, "member")).rejects.toBeInstanceOf(LastAdminError);
    // members are blocked and unblocked freely
    expect((await setUserBlocked(a.id, true))?.user.blockedAt).toBeInstanceOf(Date);
    expect(await setUserBlocked("missing", true)).toBeNull();
  });

  it("cascades deletes to sessions and accounts", async () => {
    const u = await createUser({ displayName: "a", avatarUrl: "x" });
    const { db } = t();
    await db.account.create({ data: { userId: u.id, type: "oidc", provider: "google", providerAccountId: "sub-1" } });
    await db.session.create({ data: { userId: u.id, sessionToken: "h1", expires: new Date(Date.now() + 1000) } });
    await db.user.delete({ where: { id: u.id } });
    expect(await db.account.count()).toBe(0);
    expect(await db.session.count()).toBe(0);
  });
});

describeEachEngine("user model: a member's own settings", (t) => {
  beforeEach(() => t().reset());

  it("changes the display name and keeps it searchable (search_text rewritten, NFKC + lower-case)", async () => {
    const u = await createUser({ displayName: "旧い名前", avatarUrl: "/avatars/a.svg", email: "me@example.com" });
    const res = await updateProfile(u.id, { displayName: "Ｈａｎａ はなこ" });
    expect(res).toMatchObject({ changed: true, user: { displayName: "Ｈａｎａ はなこ" } });
    expect((await t().db.user.findUniqueOrThrow({ where: { id: u.id } })).searchText).toBe("hana はなこ\nme@example.com");
    expect((await searchUsers("hana")).map((x) => x.id)).toEqual([u.id]);
    expect(await searchUsers("旧い")).toEqual([]);
    // the same values again: no change reported
    expect((await updateProfile(u.id, { displayName: "Ｈａｎａ はなこ", avatarUrl: "/avatars/a.svg" }))?.changed).toBe(false);
    expect(await updateProfile(u.id, { avatarUrl: "/avatars/b.svg" })).toMatchObject({ changed: true, user: { avatarUrl: "/avatars/b.svg", displayName: "Ｈａｎａ はなこ" } });
    expect(await updateProfile("missing", { displayName: "x" })).toBeNull();
  });

  it("deletes the account with its accounts, sessions, claim links and invitations; nobody else's", async () => {
    const me = await createUser({ displayName: "わたし", avatarUrl: "x", email: "me@example.com" });
    const other = await createUser({ displayName: "ほか", avatarUrl: "x", email: "other@example.com" });
    const { db } = t();
    for (const u of [me, other]) {
      await db.account.create({ data: { userId: u.id, type: "oidc", provider: "google", providerAccountId: `sub-${u.id}` } });
      await db.session.create({ data: { userId: u.id, sessionToken: `h-${u.id}`, expires: new Date(Date.now() + 60_000) } });
      await createClaimLink(u.id, new Date(Date.now() + 60_000));
    }
    // a stale invitation to my address (made before I joined), and someone else's
    await db.verificationToken.create({ data: { identifier: "me@example.com", token: "t1", expires: new Date(Date.now() + 60_000) } });
    await createInvite("friend@example.com", new Date(Date.now() + 60_000));
    expect(await deleteOwnAccount(me.id)).toBe(true);
    expect(await getUserById(me.id)).toBeNull();
    expect(await db.account.count({ where: { userId: me.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: me.id } })).toBe(0);
    expect((await db.verificationToken.findMany({ orderBy: { identifier: "asc" } })).map((r) => r.identifier)).toEqual([`claim:${other.id}`, "friend@example.com"]);
    expect(await db.account.count({ where: { userId: other.id } })).toBe(1);
    expect(await db.session.count({ where: { userId: other.id } })).toBe(1);
    expect(await deleteOwnAccount(me.id)).toBe(false);
  });

  it("does not let the last active admin delete their account (also when two admins delete at once)", async () => {
    const a = await createUser({ displayName: "a", avatarUrl: "x", role: "admin" });
    await expect(deleteOwnAccount(a.id)).rejects.toBeInstanceOf(LastAdminError);
    expect(await getUserById(a.id)).not.toBeNull();
    // a blocked admin does not count as another admin
    const blocked = await createUser({ displayName: "b", avatarUrl: "x", role: "admin" });
    await setUserBlocked(blocked.id, true);
    await expect(deleteOwnAccount(a.id)).rejects.toBeInstanceOf(LastAdminError);
    await setUserBlocked(blocked.id, false);
    const results = await Promise.allSettled([deleteOwnAccount(a.id), deleteOwnAccount(blocked.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(LastAdminError);
    expect(await t().db.user.count({ where: { role: "admin" } })).toBe(1);
    // members delete freely
    const m = await createUser({ displayName: "m", avatarUrl: "x" });
    expect(await deleteOwnAccount(m.id)).toBe(true);
  });

  it("exports everything held about the member and nothing about others: no token hashes", async () => {
    const me = await createUser({ displayName: "わたし🌸", avatarUrl: "/avatars/me.svg", email: "me@example.com" });
    const other = await createUser({ displayName: "ほか", avatarUrl: "x", email: "other@example.com" });
    const { db } = t();
    await db.user.update({ where: { id: me.id }, data: { googleAvatarUrl: "https://lh3.googleusercontent.com/a/me" } });
    await db.account.create({ data: { userId: me.id, type: "oidc", provider: "google", providerAccountId: "sub-me" } });
    await db.account.create({ data: { userId: other.id, type: "oidc", provider: "google", providerAccountId: "sub-other" } });
    const created = new Date("2026-11-01T00:00:00.000Z");
    await db.session.create({ data: { userId: me.id, sessionToken: "secret-hash-me", expires: new Date("2026-12-01T00:00:00.000Z"), createdAt: created } });
    await db.session.create({ data: { userId: other.id, sessionToken: "secret-hash-other", expires: new Date(Date.now() + 60_000) } });
    await createClaimLink(me.id, new Date("2026-12-08T00:00:00.000Z"));
    await createClaimLink(other.id, new Date(Date.now() + 60_000));
    await db.verificationToken.create({ data: { identifier: "me@example.com", token: "invite-hash", expires: new Date("2026-12-09T00:00:00.000Z") } });
    await createInvite("other@example.com", new Date(Date.now() + 60_000));

    const data = await exportMyData(me.id, new Date("2026-11-28T00:00:00.000Z"));
    expect(data).toEqual({
      format: "suzumina-web/my-data@1",
      exportedAt: "2026-11-28T00:00:00.000Z",
      user: {
        id: me.id,
        displayName: "わたし🌸",
        avatarUrl: "/avatars/me.svg",
        googleAvatarUrl: "https://lh3.googleusercontent.com/a/me",
        role: "member",
        email: "me@example.com",
        createdAt: me.createdAt.toISOString(),
        updatedAt: expect.any(String),
        blockedAt: null,
        searchText: "わたし🌸\nme@example.com",
      },
      accounts: [{ provider: "google", providerAccountId: "sub-me", type: "oidc" }],
      sessions: [{ createdAt: "2026-11-01T00:00:00.000Z", expires: "2026-12-01T00:00:00.000Z" }],
      invitations: [{ email: "me@example.com", expires: "2026-12-09T00:00:00.000Z" }],
      claimLinks: [{ expires: "2026-12-08T00:00:00.000Z" }],
    });
    const text = JSON.stringify(data);
    for (const leak of ["secret-hash", "invite-hash", other.id, "other@example.com", "sub-other", "ほか"]) expect(text).not.toContain(leak);
    expect(await exportMyData("missing")).toBeNull();
  });
});

it("treats an unknown stored role as member", () => {
  const now = new Date();
  expect(toUserRecord({ id: "1", displayName: "a", avatarUrl: "x", email: null, role: "owner", createdAt: now, updatedAt: now }).role).toBe("member");
});
