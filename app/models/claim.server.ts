// Claim links: how a member with no usable e-mail (imported from the previous app, or whose Google
// address differs from the old one) gets back to their profile. Like an invitation, but bound to a user
// id: stored in verification_tokens as identifier "claim:<user id>" (never an e-mail: it has no "@"),
// token = SHA-256 (hex) of the secret in the link. Shown once, expiring, used up at the sign-in it admits.
import { randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import { hashToken } from "./session.server";

export const CLAIM_PREFIX = "claim:";
export const CLAIM_DAYS = 7;

export interface Claim {
  userId: string;
  expires: Date;
}

/** A new link for this user; any earlier link of theirs stops working. Returns the secret (not stored). */
export async function createClaimLink(userId: string, expires: Date): Promise<{ claim: Claim; secret: string }> {
  const secret = randomBytes(32).toString("base64url");
  const identifier = CLAIM_PREFIX + userId;
  await db().$transaction([
    db().verificationToken.deleteMany({ where: { identifier } }),
    db().verificationToken.create({ data: { identifier, token: hashToken(secret), expires } }),
  ]);
  return { claim: { userId, expires }, secret };
}

/** The unexpired claim a link's secret belongs to, if any. */
export async function findClaimBySecret(secret: string, now = new Date()): Promise<Claim | null> {
  if (!secret || secret.length > 200) return null;
  const row = await db().verificationToken.findFirst({
    where: { token: hashToken(secret), identifier: { startsWith: CLAIM_PREFIX }, expires: { gt: now } },
  });
  return row ? { userId: row.identifier.slice(CLAIM_PREFIX.length), expires: row.expires } : null;
}
