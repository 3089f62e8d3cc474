// Users: the only code that reads or writes the users table.
import { z } from "zod";
import { readOnly } from "~/maintenance.server";
import { db, preparedRead } from "~/db/client.server";
import { isWriteConflict } from "~/db/unavailable.server";
import { normalizeEmail } from "./email";
import { containsPattern, searchTextOf } from "./search";

export { normalizeEmail };

export const ROLES = ["member", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export interface UserRecord {
  id: string;
  displayName: string;
  avatarUrl: string;
  role: Role;
  email: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** set while an admin has blocked the member */
  blockedAt: Date | null;
}

/** Public fields: what other members may see of a profile. */
export type PublicUser = Pick<UserRecord, "id" | "displayName" | "avatarUrl" | "role" | "createdAt">;

type UserRow = Omit<UserRecord, "role" | "blockedAt"> & { role: string; blockedAt?: Date | null };

export function toUserRecord(row: UserRow): UserRecord {
  // A role outside the allowed list (hand-edited row) is treated as the least privileged one.
  const parsed = roleSchema.safeParse(row.role);
  const { id, displayName, avatarUrl, email, createdAt, updatedAt } = row;
  return { id, displayName, avatarUrl, role: parsed.success ? parsed.data : "member", email, createdAt, updatedAt, blockedAt: row.blockedAt ?? null };
}

export function toPublicUser(u: UserRecord): PublicUser {
  return { id: u.id, displayName: u.displayName, avatarUrl: u.avatarUrl, role: u.role, createdAt: u.createdAt };
}

export async function getUserById(id: string): Promise<UserRecord | null> {
  const row = await db().user.findUnique({ where: { id } });
  return row ? toUserRecord(row) : null;
}

export async function getUserByEmail(email: string): Promise<UserRecord | null> {
  const row = await db().user.findUnique({ where: { email: normalizeEmail(email) } });
  return row ? toUserRecord(row) : null;
}

export async function countUsers(): Promise<number> {
  return db().user.count();
}

export interface CreateUserInput {
  displayName: string;
  avatarUrl: string;
  email?: string | null;
  role?: Role;
}

export async function createUser(input: CreateUserInput): Promise<UserRecord> {
  const email = input.email ? normalizeEmail(input.email) : null;
  const row = await db().user.create({
    data: {
      displayName: input.displayName,
      avatarUrl: input.avatarUrl,
      email,
      role: roleSchema.parse(input.role ?? "member"),
      searchText: searchTextOf(input.displayName, email),
    },
  });
  return toUserRecord(row);
}

/** Create or update by e-mail (used by the seed); returns the row. */
export async function upsertUserByEmail(input: CreateUserInput & { email: string }): Promise<UserRecord> {
  const email = normalizeEmail(input.email);
  const role = roleSchema.parse(input.role ?? "member");
  const row = await db().user.upsert({
    where: { email },
    create: { email, displayName: input.displayName, avatarUrl: input.avatarUrl, role, searchText: searchTextOf(input.displayName, email) },
    update: { displayName: input.displayName, avatarUrl: input.avatarUrl, role, searchText: searchTextOf(input.displayName, email) },
  });
  return toUserRecord(row);
}

/** The change would leave the site without an active (unblocked) admin. */
export class LastAdminError extends Error {
  override name = "LastAdminError";
  constructor() {
    super("at least one active admin must remain");
  }
}

const SERIALIZATION_RETRIES = 5;

/**
 * Applies a change to one user unless it takes away the last active admin. The check and the write
 * run in one SERIALIZABLE transaction: two admins demoting each other at once both read "two admins"
 * under READ COMMITTED and both win; here PostgreSQL aborts one (P2034), which is retried and then sees
 * one admin left. SQLite runs one write transaction at a time, so it gets the same answer.
 */
async function changeKeepingAnAdmin(id: string, change: { role?: Role; blocked?: boolean }, now = new Date()): Promise<UserRecord | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db().$transaction(
        async (tx) => {
          const target = await tx.user.findUnique({ where: { id } });
          if (!target) return null;
          const activeAdmin = target.role === "admin" && target.blockedAt === null;
          const staysActiveAdmin = (change.role ?? target.role) === "admin" && !(change.blocked ?? target.blockedAt !== null);
          if (activeAdmin && !staysActiveAdmin) {
            const others = await tx.user.count({ where: { role: "admin", blockedAt: null, id: { not: id } } });
            if (others === 0) throw new LastAdminError();
          }
          const row = await tx.user.update({
            where: { id },
            data: {
              ...(change.role ? { role: roleSchema.parse(change.role) } : {}),
              ...(change.blocked === undefined ? {} : { blockedAt: change.blocked ? (target.blockedAt ?? now) : null }),
            },
          });
          // a blocked member is signed out everywhere in the same transaction
          if (change.blocked) await tx.session.deleteMany({ where: { userId: id } });
          return toUserRecord(row);
        },
        { isolationLevel: "Serializable", maxWait: 10_000, timeout: 15_000 },
      );
    } catch (err) {
      if (isWriteConflict(err) && attempt < SERIALIZATION_RETRIES) continue;
      throw err;
    }
  }
}

/** Throws LastAdminError when this would demote the last active admin. */
export async function setUserRole(id: string, role: Role): Promise<UserRecord | null> {
  return changeKeepingAnAdmin(id, { role: roleSchema.parse(role) });
}

/** Blocks (ending every session at once) or unblocks; throws LastAdminError for the last active admin. */
export async function setUserBlocked(id: string, blocked: boolean): Promise<UserRecord | null> {
  return changeKeepingAnAdmin(id, { blocked });
}

/**
 * Fills search_text of rows written before the column existed (or by tools that copy rows verbatim).
 * NFKC cannot be done in SQL on SQLite, so the migration leaves it NULL and the app fills it here, in
 * batches, before each search; once filled this is one query finding nothing.
 */
async function fillMissingSearchText(): Promise<void> {
  if (readOnly()) return; // the write freeze: such rows are matched by id until it ends
  for (;;) {
    const rows = await db().user.findMany({ where: { searchText: null }, select: { id: true, displayName: true, email: true }, take: 500 });
    if (rows.length === 0) return;
    await db().$transaction(
      rows.map((r) => db().user.updateMany({ where: { id: r.id, searchText: null }, data: { searchText: searchTextOf(r.displayName, r.email) } })),
    );
  }
}

// Raw because ORDER BY id must compare code points on both engines (Database.textOrder) and the LIKE
// needs its ESCAPE clause.
const searchUsersQuery = preparedRead(
  "search_users",
  (d) => `SELECT id FROM users
      WHERE $1 = '' OR id = $1 OR search_text LIKE $2 ESCAPE '\\'
      ORDER BY created_at DESC, ${d.textOrder("id")} LIMIT $3`,
);

/**
 * Users for the admin list, newest first (equal instants by id, code-point order). The search matches
 * part of the display name or e-mail, folded the same way on both engines (NFKC, lower-case: "hana"
 * finds "Ｈａｎａ Yamada"; Japanese as typed; %, _ and \ literally), or an exact user id.
 */
export async function searchUsers(q: string, take = 100): Promise<UserRecord[]> {
  const term = q.trim();
  await fillMissingSearchText();
  const ids = (await searchUsersQuery<{ id: string }>(term, containsPattern(term), take)).map((r) => r.id);
  const rows = await db().user.findMany({ where: { id: { in: ids } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [toUserRecord(byId.get(id)!)] : []));
}
