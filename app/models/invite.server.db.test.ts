import { beforeEach, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { createInvite, findInviteBySecret, hasValidInvite, listInvites, purgeExpiredInvites, revokeInvite } from "./invite.server";
import { hashToken } from "./session.server";

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

describeEachEngine("invite model", (t) => {
  beforeEach(() => t().reset());

  it("stores the lower-cased e-mail and only the SHA-256 of the link secret", async () => {
    const { invite, secret } = await createInvite("  Fan@Example.COM ", inDays(7));
    expect(invite.email).toBe("fan@example.com");
    const rows = await t().db.verificationToken.findMany();
    expect(rows).toEqual([expect.objectContaining({ identifier: "fan@example.com", token: hashToken(secret) })]);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
  });

  it("finds valid invitations by e-mail or by the link secret, never expired ones", async () => {
    const live = await createInvite("a@example.com", inDays(1));
    const dead = await createInvite("b@example.com", new Date(Date.now() - 1000));
    expect(await hasValidInvite("A@example.com")).toBe(true);
    expect(await hasValidInvite("b@example.com")).toBe(false);
    expect(await hasValidInvite("c@example.com")).toBe(false);
    expect((await findInviteBySecret(live.secret))?.email).toBe("a@example.com");
    expect(await findInviteBySecret(dead.secret)).toBeNull();
    expect(await findInviteBySecret(live.invite.tokenHash)).toBeNull();
  });

  it("lists, revokes one invitation, and purges expired ones", async () => {
    const a = await createInvite("a@example.com", inDays(2));
    await createInvite("b@example.com", inDays(3));
    await createInvite("old@example.com", new Date(Date.now() - 1000));
    expect((await listInvites()).map((i) => i.email)).toEqual(["b@example.com", "a@example.com", "old@example.com"]);
    expect(await revokeInvite("a@example.com", a.invite.tokenHash)).toBe(true);
    expect(await revokeInvite("a@example.com", a.invite.tokenHash)).toBe(false);
    expect(await hasValidInvite("b@example.com")).toBe(true);
    expect(await purgeExpiredInvites()).toBe(1);
    expect(await t().db.verificationToken.count()).toBe(1);
  });

  it("keeps one invitation per e-mail: inviting again replaces the earlier link, also at the same moment", async () => {
    const first = await createInvite("Again@Example.com", inDays(2));
    expect(first.replaced).toBe(0);
    const second = await createInvite("again@example.com", inDays(7));
    expect(second.replaced).toBe(1);
    expect(await findInviteBySecret(first.secret)).toBeNull();
    expect((await findInviteBySecret(second.secret))?.email).toBe("again@example.com");
    // an expired earlier invitation is replaced too, but is not counted as a link that stopped working
    await createInvite("late@example.com", new Date(Date.now() - 1000));
    expect((await createInvite("late@example.com", inDays(1))).replaced).toBe(0);
    // two admins inviting the same address at once: one row remains, and its link works
    const racing = await Promise.all(Array.from({ length: 4 }, () => createInvite("race@example.com", inDays(3))));
    const rows = await t().db.verificationToken.findMany({ where: { identifier: "race@example.com" } });
    expect(rows).toHaveLength(1);
    expect(racing.filter((r) => rows[0].token === r.invite.tokenHash)).toHaveLength(1);
    expect(await t().db.verificationToken.count({ where: { identifier: "again@example.com" } })).toBe(1);
  });
});
