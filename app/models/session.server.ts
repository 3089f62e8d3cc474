// Sessions: the only code that reads or writes the sessions table. The cookie carries a random token;
// the table keeps only its SHA-256, so a copy of the database cannot be replayed as sessions.
import { createHash, randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
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
  user: UserRecord;
}

/** Stores a new session and returns the token for the cookie (the only place the token exists). */
export async function createSessionForUser(userId: string, expires: Date): Promise<{ token: string; expires: Date }> {
  const token = newSessionToken();
  await db().session.create({ data: { userId, sessionToken: hashToken(token), expires } });
  return { token, expires };
}

/** The unexpired session of a token with its user, in one query. */
export async function findSessionWithUser(token: string, now = new Date()): Promise<SessionWithUser | null> {
  const row = await db().session.findUnique({
    where: { sessionToken: hashToken(token) },
    // PostgreSQL: one JOIN query (relationJoins is on by default in the schema's generator)
    include: { user: true },
  });
  if (!row || row.expires <= now) return null;
  return { userId: row.userId, expires: row.expires, user: toUserRecord(row.user) };
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
