// Invitations live in verification_tokens: identifier = lower-cased e-mail, token = SHA-256 (hex) of
// the secret in the invitation link. The secret is shown once, when the invitation is made. The table
// also holds claim links and used sign-in flows, whose identifiers never contain "@".
import { randomBytes } from "node:crypto";
import { db, preparedRead, readDate } from "~/db/client.server";
import { CLAIM_PREFIX } from "./claim.server";
import { serializable } from "./serializable.server";
import { hashToken } from "./session.server";
import { normalizeEmail } from "./user.server";

export interface Invite {
  email: string;
  /** SHA-256 of the secret: identifies the row, reveals nothing */
  tokenHash: string;
  expires: Date;
}

const toInvite = (r: { identifier: string; token: string; expires: Date }): Invite => ({
  email: r.identifier,
  tokenHash: r.token,
  expires: r.expires,
});

/**
 * Creates the invitation for this e-mail, replacing any earlier one (expired or not): one invitation
 * per e-mail, so only the newest link works. Checked and written in one SERIALIZABLE transaction, so two
 * admins inviting the same address at once still leave one. Returns the secret for the link (not
 * stored) and how many earlier unexpired invitations stopped working.
 */
export async function createInvite(email: string, expires: Date, now = new Date()): Promise<{ invite: Invite; secret: string; replaced: number }> {
  const secret = randomBytes(32).toString("base64url");
  const identifier = normalizeEmail(email);
  return serializable(async (tx) => {
    const replaced = await tx.verificationToken.count({ where: { identifier, expires: { gt: now } } });
    await tx.verificationToken.deleteMany({ where: { identifier } });
    const row = await tx.verificationToken.create({ data: { identifier, token: hashToken(secret), expires } });
    return { invite: toInvite(row), secret, replaced };
  });
}

// Raw for the tie-break: e-mails in code-point order on both engines (Database.textOrder).
const listInvitesQuery = preparedRead(
  "list_invites",
  (d) => `SELECT identifier, token, expires FROM verification_tokens
      WHERE identifier LIKE '%@%'
      ORDER BY expires DESC, ${d.textOrder("identifier")}, ${d.textOrder("token")} LIMIT $1`,
);

/** Invitations newest expiry first (then by e-mail), expired ones included (marked by the page). */
export async function listInvites(limit = 200): Promise<Invite[]> {
  const rows = await listInvitesQuery<{ identifier: string; token: string; expires: Date | string | number }>(limit);
  return rows.map((r) => toInvite({ ...r, expires: readDate(r.expires) }));
}

export async function hasValidInvite(email: string, now = new Date()): Promise<boolean> {
  const n = await db().verificationToken.count({ where: { identifier: normalizeEmail(email), expires: { gt: now } } });
  return n > 0;
}

/** The unexpired invitation a link's secret belongs to, if any. */
export async function findInviteBySecret(secret: string, now = new Date()): Promise<Invite | null> {
  const row = await db().verificationToken.findFirst({
    where: { token: hashToken(secret), NOT: { identifier: { startsWith: CLAIM_PREFIX } }, expires: { gt: now } },
  });
  return row ? toInvite(row) : null;
}

/** Is this invitation (e-mail + hash of its secret) still stored? */
export async function inviteExists(email: string, tokenHash: string): Promise<boolean> {
  return (await db().verificationToken.count({ where: { identifier: normalizeEmail(email), token: tokenHash } })) > 0;
}

export async function revokeInvite(email: string, tokenHash: string): Promise<boolean> {
  const res = await db().verificationToken.deleteMany({ where: { identifier: normalizeEmail(email), token: tokenHash } });
  return res.count > 0;
}

export async function purgeExpiredInvites(now = new Date()): Promise<number> {
  return (await db().verificationToken.deleteMany({ where: { expires: { lte: now } } })).count;
}
