// Sessions: the only code that reads or writes the sessions table. The cookie carries a random token;
// the table keeps only its SHA-256, so a copy of the database cannot be replayed as sessions.
import { createHash, randomBytes } from "node:crypto";
import { db, preparedRead, readDate } from "~/db/client.server";
import { toUserRecord, type UserRecord } from "./user.server";

/** 256 bits of randomness, URL-safe. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface SessionWithUser {
  userId: string;
  expires: Date;
  /** when the sign-in happened (the absolute lifetime counts from here) */
  createdAt: Date;
  user: UserRecord;
}

/**
 * Stores a new session and returns the token for the cookie (the only place the token exists). With
 * maxPerUser, the user's oldest sessions beyond that many end here (a stolen cookie or a forgotten
 * shared computer cannot pile up sessions).
 */
export async function createSessionForUser(
  userId: string,
  expires: Date,
  { maxPerUser, now = new Date() }: { maxPerUser?: number; now?: Date } = {},
): Promise<{ token: string; expires: Date }> {
  const token = newSessionToken();
  await db().session.create({ data: { userId, sessionToken: hashToken(token), expires, createdAt: now } });
  if (maxPerUser !== undefined) await trimSessionsOfUser(userId, maxPerUser);
  return { token, expires };
}

/** Ends the user's oldest sessions so that at most `keep` remain (newest by sign-in time kept). */
export async function trimSessionsOfUser(userId: string, keep: number): Promise<number> {
  const surplus = await db().session.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: keep,
    select: { id: true },
  });
  if (surplus.length === 0) return 0;
  return (await db().session.deleteMany({ where: { id: { in: surplus.map((r) => r.id) } } })).count;
}

interface SessionUserRow {
  userId: string;
  expires: Date | string | number;
  sessionCreatedAt: Date | string | number;
  blockedAt: Date | string | number | null;
  id: string;
  displayName: string;
  avatarUrl: string;
  role: string;
  email: string | null;
  createdAt: Date | string | number;
  updatedAt: Date | string | number;
}

const asDate = readDate;

// The mapped table and column names of the schema, valid SQL on both engines.
const SESSION_WITH_USER_SQL = `
    SELECT s.user_id AS "userId", s.expires AS "expires", s.created_at AS "sessionCreatedAt",
           u.id AS "id", u.display_name AS "displayName", u.avatar_url AS "avatarUrl", u.role AS "role",
           u.email AS "email", u.created_at AS "createdAt", u.updated_at AS "updatedAt", u.blocked_at AS "blockedAt"
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.session_token = $1`;

const sessionWithUserQuery = preparedRead("session_with_user", SESSION_WITH_USER_SQL);

/**
 * The unexpired session of a token with its user. This runs on every signed-in request, so it is one
 * JOIN through the unique session_token index, prepared once and run on the driver: one statement on
 * SQLite too (Prisma's `include` takes two there), and a fraction of the CPU of going through Prisma
 * (`npm run bench -- auth`). app/models/session.server.test.ts checks the statement count and that
 * every field equals what Prisma itself reads.
 */
export async function findSessionWithUser(
  token: string,
  now = new Date(),
  { absoluteMaxAgeMs = Infinity }: { absoluteMaxAgeMs?: number } = {},
): Promise<SessionWithUser | null> {
  const rows = await sessionWithUserQuery<SessionUserRow>(hashToken(token));
  const row = rows[0];
  if (!row) return null;
  const expires = asDate(row.expires);
  if (expires <= now) return null;
  // past the absolute lifetime, however recently it was used
  const createdAt = asDate(row.sessionCreatedAt);
  if (createdAt.getTime() + absoluteMaxAgeMs <= now.getTime()) return null;
  // a blocked member's sessions were deleted when blocked; this covers a sign-in racing with the block
  if (row.blockedAt !== null) return null;
  const { userId, id, displayName, avatarUrl, role, email } = row;
  const user = toUserRecord({ id, displayName, avatarUrl, role, email, createdAt: asDate(row.createdAt), updatedAt: asDate(row.updatedAt), blockedAt: null });
  return { userId, expires, createdAt, user };
}

/** Moves the expiry of a live session (sliding expiry); false if it no longer exists. */
export async function extendSession(token: string, expires: Date, now = new Date()): Promise<boolean> {
  const res = await db().session.updateMany({
    where: { sessionToken: hashToken(token), expires: { gt: now } },
    data: { expires },
  });
  return res.count > 0;
}

export async function deleteSession(token: string): Promise<void> {
  await db().session.deleteMany({ where: { sessionToken: hashToken(token) } });
}

/** Signs a user out everywhere; returns how many sessions ended. */
export async function deleteSessionsOfUser(userId: string): Promise<number> {
  return (await db().session.deleteMany({ where: { userId } })).count;
}

export async function countSessionsOfUser(userId: string, now = new Date()): Promise<number> {
  return db().session.count({ where: { userId, expires: { gt: now } } });
}

/** Deletes expired sessions (a range scan on the expires index); returns how many. */
export async function purgeExpiredSessions(now = new Date()): Promise<number> {
  return (await db().session.deleteMany({ where: { expires: { lte: now } } })).count;
}
