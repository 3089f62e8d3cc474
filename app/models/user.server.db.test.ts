import { beforeEach, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { countUsers, createUser, getUserByEmail, getUserById, LastAdminError, setUserBlocked, setUserRole, toUserRecord, upsertUserByEmail } from "./user.server";

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
    expect((await setUserRole(u.id, "admin"))?.role).toBe("admin");
    await expect(setUserRole(u.id, "owner" as never)).rejects.toThrow();
    expect(await setUserRole("missing", "admin")).toBeNull();
  });

  it("keeps one active admin: the last cannot be demoted or blocked; blocking ends sessions, unblocking restores", async () => {
    const a = await createUser({ displayName: "a", avatarUrl: "x", role: "admin" });
    const b = await createUser({ displayName: "b", avatarUrl: "x", role: "admin" });
    await t().db.session.create({ data: { userId: b.id, sessionToken: "hb", expires: new Date(Date.now() + 60_000) } });
    expect((await setUserBlocked(b.id, true))?.blockedAt).toBeInstanceOf(Date);
    expect(await t().db.session.count({ where: { userId: b.id } })).toBe(0);
    // a blocked admin does not count: a is the last active one
    await expect(setUserBlocked(a.id, true)).rejects.toBeInstanceOf(LastAdminError);
    await expect(setUserRole(a.id, "member")).rejects.toBeInstanceOf(LastAdminError);
    expect((await getUserById(a.id))?.role).toBe("admin");
    expect((await setUserBlocked(b.id, false))?.blockedAt).toBeNull();
    expect((await setUserRole(a.id, "member"))?.role).toBe("member");
    await expect(setUserRole(b.id, "member")).rejects.toBeInstanceOf(LastAdminError);
    // members are blocked and unblocked freely
    expect((await setUserBlocked(a.id, true))?.blockedAt).toBeInstanceOf(Date);
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

it("treats an unknown stored role as member", () => {
  const now = new Date();
  expect(toUserRecord({ id: "1", displayName: "a", avatarUrl: "x", email: null, role: "owner", createdAt: now, updatedAt: now }).role).toBe("member");
});
