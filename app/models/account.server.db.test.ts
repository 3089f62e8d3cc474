import { beforeEach, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { upsertUserFromIdentity, type ExternalIdentity } from "./account.server";
import { createInvite } from "./invite.server";

const identity = (n: string): ExternalIdentity => ({
  provider: "google",
  providerAccountId: `sub-${n}`,
  email: `${n}@example.com`,
  displayName: `名前 ${n}`,
  avatarUrl: `/avatars/${n}.svg`,
});

describeEachEngine("account model: first sign-in", (t) => {
  beforeEach(() => t().reset());

  it("two simultaneous first sign-ins of one new person both succeed with one user and one account", async () => {
    const results = await Promise.all([1, 2, 3].map(() => upsertUserFromIdentity({ identity: identity("race"), role: "member" })));
    expect(new Set(results.map((r) => r.user.id)).size).toBe(1);
    expect(await t().db.user.count()).toBe(1);
    expect(await t().db.account.count()).toBe(1);
  });

  it("a double-clicked invited first sign-in consumes the invitation once and lets both requests in", async () => {
    await createInvite("inv@example.com", new Date(Date.now() + 86_400_000));
    const results = await Promise.all([1, 2].map(() => upsertUserFromIdentity({ identity: identity("inv"), role: "member", consumeInviteOf: "inv@example.com" })));
    expect(results[0].user.id).toBe(results[1].user.id);
    expect(await t().db.verificationToken.count()).toBe(0);
    expect(await t().db.user.count()).toBe(1);
  });
});

describeEachEngine("account model: Google's picture", (t) => {
  beforeEach(() => t().reset());

  it("is kept in google_avatar_url at every sign-in, while the member's chosen picture stays", async () => {
    const g1 = "https://lh3.googleusercontent.com/a/first=s96-c";
    const g2 = "https://lh3.googleusercontent.com/a/second=s96-c";
    const { user } = await upsertUserFromIdentity({ identity: { ...identity("pic"), avatarUrl: g1, picture: g1 }, role: "member" });
    expect(await t().db.user.findUnique({ where: { id: user.id } })).toMatchObject({ avatarUrl: g1, googleAvatarUrl: g1 });
    // the member picked the generated picture on /settings; Google now reports another picture
    await t().db.user.update({ where: { id: user.id }, data: { avatarUrl: "/avatars/mine.svg" } });
    await upsertUserFromIdentity({ identity: { ...identity("pic"), avatarUrl: g2, picture: g2 }, role: "member" });
    expect(await t().db.user.findUnique({ where: { id: user.id } })).toMatchObject({ avatarUrl: "/avatars/mine.svg", googleAvatarUrl: g2 });
    // Google sends no picture now: nothing left to offer
    await upsertUserFromIdentity({ identity: { ...identity("pic"), picture: null }, role: "member" });
    expect((await t().db.user.findUnique({ where: { id: user.id } }))?.googleAvatarUrl).toBeNull();
  });

  it("is filled for a member from before the column at their next sign-in (found by e-mail)", async () => {
    const old = await t().db.user.create({ data: { email: "old@example.com", displayName: "古参", avatarUrl: "https://cdn.discordapp.com/a.png" } });
    const g = "https://lh3.googleusercontent.com/a/old=s96-c";
    await upsertUserFromIdentity({ identity: { ...identity("old"), avatarUrl: g, picture: g }, role: "member" });
    expect(await t().db.user.findUnique({ where: { id: old.id } })).toMatchObject({ avatarUrl: "https://cdn.discordapp.com/a.png", googleAvatarUrl: g });
  });
});
