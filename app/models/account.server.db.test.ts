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
