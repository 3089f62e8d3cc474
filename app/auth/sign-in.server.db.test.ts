// The access gate and the user/account writes of a sign-in, on both engines.
import type { GoogleProfile } from "remix-auth-google";
import { beforeEach, describe, expect, it } from "vitest";
import { createInvite } from "~/models/invite.server";
import { describeEachEngine } from "~test/engines";
import { decideAccess, type AccessSettings } from "./access-policy.server";
import { NotAllowedError } from "./errors";
import { providerPicture, safeAvatarUrl, signInWithGoogleProfile } from "./sign-in.server";

function profile(email: string, o: { sub?: string; verified?: boolean; name?: string; picture?: string; hd?: string } = {}): GoogleProfile {
  const raw = { sub: o.sub ?? `sub-${email}`, email, email_verified: o.verified ?? true, name: o.name ?? email.split("@")[0], picture: o.picture, hd: o.hd };
  return { provider: "google", id: raw.sub, displayName: raw.name, name: { familyName: "", givenName: "" }, emails: [{ value: email }], photos: [{ value: "" }], _json: raw } as unknown as GoogleProfile;
}

const open: AccessSettings = { policy: "open", allowedDomains: [], adminEmails: ["boss@example.com"] };
const domain: AccessSettings = { policy: "domain", allowedDomains: ["suzumina.example"], adminEmails: ["boss@example.com"] };
const invite: AccessSettings = { policy: "invite", allowedDomains: [], adminEmails: ["boss@example.com"] };
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

async function refused(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(NotAllowedError);
  return (err as NotAllowedError).reason;
}

describeEachEngine("sign-in and the access gate", (t) => {
  beforeEach(() => t().reset());

  it("open: anyone; an unverified e-mail is not stored (it proves nothing)", async () => {
    const u = await signInWithGoogleProfile(profile("Who@Anywhere.example", { verified: false }), open);
    expect(u.email).toBeNull();
    expect(u.role).toBe("member");
    const v = await signInWithGoogleProfile(profile("fan@anywhere.example"), open);
    expect(v.email).toBe("fan@anywhere.example");
    expect(await t().db.user.count()).toBe(2);
  });

  it("domain: only listed domains, unverified refused, ADMIN_EMAILS always; refused people leave no rows", async () => {
    expect((await signInWithGoogleProfile(profile("a@suzumina.example", { hd: "suzumina.example" }), domain)).email).toBe("a@suzumina.example");
    // the same address on a consumer Google account (no hd) proves nothing about the Workspace
    expect(await refused(signInWithGoogleProfile(profile("c@suzumina.example"), domain))).toBe("domain");
    expect(await refused(signInWithGoogleProfile(profile("a@gmail.com"), domain))).toBe("domain");
    expect(await refused(signInWithGoogleProfile(profile("a@suzumina.example.evil.com"), domain))).toBe("domain");
    expect(await refused(signInWithGoogleProfile(profile("b@suzumina.example", { verified: false, hd: "suzumina.example" }), domain))).toBe("unverified");
    const boss = await signInWithGoogleProfile(profile("boss@example.com"), domain);
    expect(boss.role).toBe("admin");
    expect(await t().db.user.count()).toBe(2);
    expect(await t().db.account.count()).toBe(2);
  });

  it("invite: needs an unexpired invitation, consumes it at first sign-in, keeps members in afterwards", async () => {
    expect(await refused(signInWithGoogleProfile(profile("new@example.com"), invite))).toBe("invite");
    await createInvite("old@example.com", new Date(Date.now() - 1000));
    expect(await refused(signInWithGoogleProfile(profile("old@example.com"), invite))).toBe("invite");
    expect(await t().db.user.count()).toBe(0);

    await createInvite("New@Example.com", inDays(7));
    await createInvite("other@example.com", inDays(7));
    const u = await signInWithGoogleProfile(profile("new@example.com"), invite);
    expect(u.email).toBe("new@example.com");
    expect((await t().db.verificationToken.findMany()).map((r) => r.identifier).sort()).toEqual(["old@example.com", "other@example.com"]);
    // a member now: no invitation needed any more
    expect((await signInWithGoogleProfile(profile("new@example.com"), invite)).id).toBe(u.id);
    // an invitation does not help an unverified e-mail
    await createInvite("unv@example.com", inDays(7));
    expect(await refused(signInWithGoogleProfile(profile("unv@example.com", { verified: false }), invite))).toBe("unverified");
  });

  it("invite: existing users (seed rows) and ADMIN_EMAILS get in without an invitation", async () => {
    const seeded = await t().db.user.create({ data: { email: "hana@example.com", displayName: "はな", avatarUrl: "/avatars/h.svg" } });
    const u = await signInWithGoogleProfile(profile("hana@example.com", { name: "Hana" }), invite);
    expect(u.id).toBe(seeded.id);
    // the profile is the member's own: Google's name does not overwrite it
    expect(u.displayName).toBe("はな");
    expect(u.avatarUrl).toBe("/avatars/h.svg");
    expect((await signInWithGoogleProfile(profile("boss@example.com"), invite)).role).toBe("admin");
  });

  it("does not link an unverified e-mail to the existing user holding it", async () => {
    const owner = await t().db.user.create({ data: { email: "victim@example.com", displayName: "v", avatarUrl: "/a.svg" } });
    const attacker = await signInWithGoogleProfile(profile("victim@example.com", { verified: false, sub: "attacker" }), open);
    expect(attacker.id).not.toBe(owner.id);
    expect(attacker.email).toBeNull();
    expect(await t().db.account.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("never demotes an admin at sign-in, and an invitation is used once under concurrency", async () => {
    const admin = await t().db.user.create({ data: { email: "chief@example.com", displayName: "c", avatarUrl: "/a.svg", role: "admin" } });
    expect((await signInWithGoogleProfile(profile("chief@example.com"), open)).id).toBe(admin.id);
    expect((await t().db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");

    await createInvite("race@example.com", inDays(1));
    const results = await Promise.allSettled([
      signInWithGoogleProfile(profile("race@example.com", { sub: "race-1" }), invite),
      signInWithGoogleProfile(profile("race@example.com", { sub: "race-2" }), invite),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(await t().db.user.count({ where: { email: "race@example.com" } })).toBe(1);
    expect(await t().db.verificationToken.count()).toBe(0);
  });
});

describe("decideAccess", () => {
  const lookups = (known: boolean, invited: boolean) => ({ isKnown: async () => known, hasInvite: async () => invited });
  it.each([
    ["open", null, false, false, false, { allowed: true, viaInvite: false }],
    ["domain", "x@suzumina.example", true, false, false, { allowed: true, viaInvite: false }, "suzumina.example"],
    ["domain", "x@SUZUMINA.example".toLowerCase(), true, false, false, { allowed: true, viaInvite: false }, "SUZUMINA.example"],
    ["domain", "x@suzumina.example", true, false, false, { allowed: false, reason: "domain" }, undefined],
    ["domain", "x@other.example", true, false, false, { allowed: false, reason: "domain" }],
    ["domain", null, false, false, false, { allowed: false, reason: "unverified" }],
    ["invite", "x@a.example", true, true, false, { allowed: true, viaInvite: false }],
    ["invite", "x@a.example", true, false, true, { allowed: true, viaInvite: true }],
    ["invite", "x@a.example", true, false, false, { allowed: false, reason: "invite" }],
    ["invite", "x@a.example", false, true, true, { allowed: false, reason: "unverified" }],
    ["invite", "boss@example.com", true, false, false, { allowed: true, viaInvite: false }],
  ] as const)("%s %s verified=%s known=%s invited=%s hd=%s", async (policy, email, verified, known, invited, expected, hd?: string) => {
    const s = { policy, allowedDomains: ["suzumina.example"], adminEmails: ["boss@example.com"] } as AccessSettings;
    expect(await decideAccess(s, { email, emailVerified: verified, hd, ...lookups(known, invited) })).toEqual(expected);
  });
});

describe("safeAvatarUrl", () => {
  it("keeps https and our own avatar paths, replaces anything else", () => {
    expect(safeAvatarUrl("https://lh3.googleusercontent.com/a/b", "1")).toBe("https://lh3.googleusercontent.com/a/b");
    expect(safeAvatarUrl("/avatars/123.svg", "1")).toBe("/avatars/123.svg");
    for (const bad of ["javascript:alert(1)", "http://insecure.example/a.png", "/avatars/../admin", "data:image/svg+xml,<svg/>", undefined]) {
      expect(safeAvatarUrl(bad, "1")).toMatch(/^\/avatars\/[0-9a-f]{16}\.svg$/);
      // and Google's picture is "none" for /settings then (not the generated stand-in)
      expect(providerPicture(bad)).toBeNull();
    }
    expect(providerPicture("https://lh3.googleusercontent.com/a/b")).toBe("https://lh3.googleusercontent.com/a/b");
  });
});
