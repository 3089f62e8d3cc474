// What a successful Google sign-in does: check the gate, then create or refresh the user and account.
// Refused people leave no row behind.
import type { GoogleProfile } from "remix-auth-google";
import {
  AccountMismatchError,
  BlockedUserError,
  ClaimError,
  claimProfile,
  InviteAlreadyUsedError,
  isKnownIdentity,
  upsertUserFromIdentity,
  type ExternalIdentity,
} from "~/models/account.server";
import { logger } from "~/observability/logger.server";
import { hasValidInvite } from "~/models/invite.server";
import { generatedAvatarUrl } from "~/avatar.server";
import { normalizeEmail, type UserRecord } from "~/models/user.server";
import { decideAccess, type AccessSettings } from "./access-policy.server";
import { NotAllowedError } from "./errors";
import type { UserInfo } from "./google-strategy.server";

const MAX_NAME = 100;

export function identityFromUserInfo(raw: UserInfo): { identity: ExternalIdentity; email: string | null; verified: boolean; hd?: string } {
  const verified = raw.email_verified === true || raw.email_verified === "true";
  const email = raw.email && raw.email.includes("@") ? normalizeEmail(raw.email) : null;
  const name = (raw.name ?? raw.given_name ?? email?.split("@")[0] ?? "").trim().slice(0, MAX_NAME) || "メンバー";
  return {
    identity: {
      provider: "google",
      providerAccountId: raw.sub,
      email: verified ? email : null,
      displayName: name,
      avatarUrl: safeAvatarUrl(raw.picture, raw.sub),
      picture: providerPicture(raw.picture),
    },
    email,
    verified,
    hd: raw.hd,
  };
}

/** Google's picture when it is one we show: https, or our own /avatars/ path (the mock); else null. */
export function providerPicture(picture: string | undefined): string | null {
  if (!picture || picture.length > 2000) return null;
  if (/^\/avatars\/[^/?#]+\.svg$/.test(picture)) return picture;
  try {
    return new URL(picture).protocol === "https:" ? picture : null;
  } catch {
    return null;
  }
}

/** Google's https picture, our own /avatars/ path (mock), or a generated avatar: never another scheme. */
export function safeAvatarUrl(picture: string | undefined, sub: string): string {
  return providerPicture(picture) ?? generatedAvatarUrl(`google:${sub}`);
}

export async function signInWithGoogleProfile(profile: GoogleProfile, settings: AccessSettings, claimSecret?: string): Promise<UserRecord> {
  const { identity, email, verified, hd } = identityFromUserInfo(profile._json as UserInfo);
  const promote = verified && !!email && settings.adminEmails.includes(email);
  if (claimSecret) {
    // An admin handed this link to one member: it admits them to that profile whatever the access
    // policy, like an invitation does under "invite".
    try {
      return await claimProfile(identity, claimSecret, promote);
    } catch (err) {
      if (err instanceof ClaimError) throw new NotAllowedError(`claim_${err.failure}`);
      throw refusal(err);
    }
  }
  const decision = await decideAccess(settings, {
    email,
    emailVerified: verified,
    hd,
    isKnown: () => isKnownIdentity(identity),
    hasInvite: () => (email ? hasValidInvite(email) : Promise.resolve(false)),
  });
  if (!decision.allowed) throw new NotAllowedError(decision.reason);
  const role = promote ? "admin" : "member";
  try {
    const { user } = await upsertUserFromIdentity({ identity, role, consumeInviteOf: decision.viaInvite ? email! : undefined });
    return user;
  } catch (err) {
    if (err instanceof InviteAlreadyUsedError) throw new NotAllowedError("invite");
    throw refusal(err);
  }
}

/** Blocked members and e-mails of members linked to another Google account: a page saying so, and a log line. */
function refusal(err: unknown): unknown {
  if (err instanceof BlockedUserError) {
    logger.info({ userId: err.userId }, "sign-in refused: the member is blocked");
    return new NotAllowedError("blocked");
  }
  if (err instanceof AccountMismatchError) {
    logger.warn({ userId: err.userId }, "sign-in refused: a different Google account carries the e-mail of a member linked to another one");
    return new NotAllowedError("account_mismatch");
  }
  return err;
}
