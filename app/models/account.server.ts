// Accounts: links between users and their Google identities. OAuth tokens are never stored: the app
// needs only who signed in, so the token columns stay NULL.
import { db } from "~/db/client.server";
import { CLAIM_PREFIX } from "./claim.server";
import { searchTextOf } from "./search";
import { hashToken } from "./session.server";
import { normalizeEmail, roleSchema, toUserRecord, type Role, type UserRecord } from "./user.server";

export interface ExternalIdentity {
  provider: string;
  providerAccountId: string;
  /** null when the provider did not verify it: never trusted for linking or uniqueness */
  email: string | null;
  displayName: string;
  avatarUrl: string;
  /** the provider's own picture (null: it sent none we show); kept in users.google_avatar_url at each sign-in */
  picture?: string | null;
}

/** users.google_avatar_url's new value when the provider reports a picture other than the stored one. */
function pictureUpdate(identity: ExternalIdentity, stored: string | null): { googleAvatarUrl?: string | null } {
  return identity.picture !== undefined && identity.picture !== stored ? { googleAvatarUrl: identity.picture } : {};
}

export async function findUserByAccount(provider: string, providerAccountId: string): Promise<UserRecord | null> {
  const row = await db().account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    include: { user: true },
  });
  return row ? toUserRecord(row.user) : null;
}

export interface SignInWrite {
  identity: ExternalIdentity;
  /** role to give a new user; an existing user is only ever promoted to admin, never demoted here */
  role: Role;
  /** when set, this user was admitted by invitation: the invitation row is deleted in the same transaction */
  consumeInviteOf?: string;
}

export class InviteAlreadyUsedError extends Error {
  override name = "InviteAlreadyUsedError";
}

/** The member this identity leads to is blocked by an admin: nothing is written. */
export class BlockedUserError extends Error {
  override name = "BlockedUserError";
  constructor(readonly userId: string) {
    super("the member is blocked");
  }
}

/**
 * A Google account not linked to anyone carries the verified e-mail of a member who already has another
 * account of that provider: linking it would hand that member's profile and role to whoever controls
 * the address now (a recycled Workspace address, say), so it is refused.
 */
export class AccountMismatchError extends Error {
  override name = "AccountMismatchError";
  constructor(readonly userId: string) {
    super("the e-mail belongs to a member linked to another account of this provider");
  }
}

/**
 * Creates the user and its account, or finds them, in one transaction: finds by account, else links to
 * the user with the same verified e-mail when that user has no account of this provider yet (first
 * sign-in after an invitation or an import; AccountMismatchError otherwise), else creates. A blocked
 * member gets BlockedUserError and nothing is written. An existing user's name and avatar stay as they are
 * (Google's current picture is only remembered in google_avatar_url, for /settings to offer).
 * Two first sign-ins of the same new person at once (a double click) race to create the same rows; the
 * loser's unique-key violation is retried once, when it finds and refreshes what the winner created.
 */
export async function upsertUserFromIdentity(write: SignInWrite): Promise<{ user: UserRecord; created: boolean }> {
  try {
    return await writeSignIn(write);
  } catch (error) {
    // a mismatch can also be this same person's other request having linked the account a moment ago
    const lostRace = (error as { code?: string }).code === "P2002" || error instanceof InviteAlreadyUsedError || error instanceof AccountMismatchError;
    if (!lostRace) throw error;
    const { provider, providerAccountId } = write.identity;
    const winner = await findUserByAccount(provider, providerAccountId);
    // An invitation gone because someone else used it stays a refusal; gone because this same
    // person's other request used it a moment ago is fine.
    if ((error instanceof InviteAlreadyUsedError || error instanceof AccountMismatchError) && !winner) throw error;
    return writeSignIn({ ...write, consumeInviteOf: winner ? undefined : write.consumeInviteOf });
  }
}

async function writeSignIn({ identity, role, consumeInviteOf }: SignInWrite): Promise<{ user: UserRecord; created: boolean }> {
  const { provider, providerAccountId } = identity;
  const email = identity.email ? normalizeEmail(identity.email) : null;
  const newRole = roleSchema.parse(role);
  return db().$transaction(async (tx) => {
    if (consumeInviteOf) {
      const used = await tx.verificationToken.deleteMany({
        where: { identifier: normalizeEmail(consumeInviteOf), expires: { gt: new Date() } },
      });
      if (used.count === 0) throw new InviteAlreadyUsedError("invitation used or expired meanwhile");
    }
    const account = await tx.account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } } });
    const byEmail = !account && email ? await tx.user.findUnique({ where: { email } }) : null;
    if (byEmail && (await tx.account.count({ where: { userId: byEmail.id, provider } }))) throw new AccountMismatchError(byEmail.id);
    const existingId = account?.userId ?? byEmail?.id;
    let row;
    if (existingId) {
      // The profile (name, picture) is the member's own once the user exists — imported from the previous
      // app or set at the first sign-in — so a sign-in no longer overwrites it. Keep another user's e-mail
      // untouched: only set it when no one else holds it.
      const holder = email ? await tx.user.findUnique({ where: { email }, select: { id: true } }) : null;
      const current = account ? await tx.user.findUniqueOrThrow({ where: { id: existingId } }) : byEmail!;
      if (current.blockedAt) throw new BlockedUserError(current.id);
      const newEmail = email && email !== current.email && (!holder || holder.id === existingId) ? email : undefined;
      const data = {
        ...(newEmail ? { email: newEmail, searchText: searchTextOf(current.displayName, newEmail) } : {}),
        ...(newRole === "admin" && current.role !== "admin" ? { role: "admin" } : {}),
        // not shown unless the member picks it on /settings
        ...pictureUpdate(identity, current.googleAvatarUrl),
      };
      row = Object.keys(data).length ? await tx.user.update({ where: { id: existingId }, data }) : current;
    } else {
      row = await tx.user.create({
        data: {
          displayName: identity.displayName,
          avatarUrl: identity.avatarUrl,
          googleAvatarUrl: identity.picture ?? null,
          email,
          role: newRole,
          searchText: searchTextOf(identity.displayName, email),
        },
      });
    }
    if (!account) {
      await tx.account.create({ data: { userId: row.id, type: "oidc", provider, providerAccountId } });
    }
    return { user: toUserRecord(row), created: !existingId };
    // Under a burst of sign-ins the pool is busy: wait for a connection (the pool itself gives up after
    // 5 s) instead of Prisma's default 2 s, which failed sign-ins in the 200-user load test.
  }, { maxWait: 10_000, timeout: 15_000 });
}

/** Which of these users have signed in with this provider (have an account of it). */
export async function usersWithAccountOf(provider: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db().account.findMany({ where: { provider, userId: { in: userIds } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

/** Does a user already exist for this identity (by account, or by verified e-mail)? */
export async function isKnownIdentity(identity: ExternalIdentity): Promise<boolean> {
  if (await findUserByAccount(identity.provider, identity.providerAccountId)) return true;
  if (!identity.email) return false;
  return (await db().user.count({ where: { email: normalizeEmail(identity.email) } })) > 0;
}

export type ClaimFailure = "invalid" | "taken" | "linked";

/** Why a claim link did not attach this Google account: the page the member sees depends on it. */
export class ClaimError extends Error {
  override name = "ClaimError";
  constructor(readonly failure: ClaimFailure) {
    super(`claim refused: ${failure}`);
  }
}

/**
 * Sign-in through a claim link: attaches this Google identity to the user the link was made for (id,
 * role and profile unchanged) and uses the link up, in one transaction. Refused when the link is unknown,
 * expired or used ("invalid"), when this Google account already belongs to another member ("taken"), or
 * when the user already has another Google account ("linked"); nothing changes then.
 */
export async function claimProfile(identity: ExternalIdentity, secret: string, promoteToAdmin: boolean): Promise<UserRecord> {
  const { provider, providerAccountId } = identity;
  const email = identity.email ? normalizeEmail(identity.email) : null;
  return db().$transaction(async (tx) => {
    const claim = await tx.verificationToken.findFirst({
      where: { token: hashToken(secret), identifier: { startsWith: CLAIM_PREFIX }, expires: { gt: new Date() } },
    });
    const userId = claim?.identifier.slice(CLAIM_PREFIX.length);
    const user = userId ? await tx.user.findUnique({ where: { id: userId } }) : null;
    if (!claim || !user) throw new ClaimError("invalid");
    if (user.blockedAt) throw new BlockedUserError(user.id);
    const account = await tx.account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } } });
    if (account && account.userId !== user.id) throw new ClaimError("taken");
    if (!account && (await tx.account.count({ where: { userId: user.id, provider } }))) throw new ClaimError("linked");
    // used up here; a second sign-in racing with the same link finds nothing to delete
    const used = await tx.verificationToken.deleteMany({ where: { identifier: claim.identifier, token: claim.token } });
    if (used.count === 0) throw new ClaimError("invalid");
    if (!account) await tx.account.create({ data: { userId: user.id, type: "oidc", provider, providerAccountId } });
    const holder = email && !user.email ? await tx.user.findUnique({ where: { email }, select: { id: true } }) : null;
    const data = {
      ...(email && !user.email && !holder ? { email, searchText: searchTextOf(user.displayName, email) } : {}),
      ...(promoteToAdmin ? { role: "admin" } : {}),
      ...pictureUpdate(identity, user.googleAvatarUrl),
    };
    const row = Object.keys(data).length ? await tx.user.update({ where: { id: user.id }, data }) : user;
    return toUserRecord(row);
  }, { maxWait: 10_000, timeout: 15_000 });
}
