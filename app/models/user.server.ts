// Users: the only code that reads or writes the users table.
import { z } from "zod";
import { readOnly } from "~/maintenance.server";
import { db, preparedRead } from "~/db/client.server";
import { CLAIM_PREFIX } from "./claim.server";
import { normalizeEmail } from "./email";
import { containsPattern, searchTextOf } from "./search";
import { serializable, type Tx } from "./serializable.server";

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

/** What an admin's change did: nothing when the member already had that role or state. */
export interface UserChange {
  user: UserRecord;
  changed: boolean;
}

/** Throws LastAdminError when, inside tx, removing this user's active-admin standing would leave none. */
async function assertAnotherActiveAdmin(tx: Tx, id: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "admin", blockedAt: null, id: { not: id } } });
  if (others === 0) throw new LastAdminError();
}

/**
 * Applies a change to one user unless it takes away the last active admin, checked and written in one
 * SERIALIZABLE transaction (serializable.server.ts): two admins demoting each other at once cannot both win.
 */
async function changeKeepingAnAdmin(id: string, change: { role?: Role; blocked?: boolean }, now = new Date()): Promise<UserChange | null> {
  return serializable(async (tx) => {
    const target = await tx.user.findUnique({ where: { id } });
    if (!target) return null;
    const role = change.role ? roleSchema.parse(change.role) : undefined;
    const roleChanges = role !== undefined && role !== target.role;
    const blockChanges = change.blocked !== undefined && change.blocked !== (target.blockedAt !== null);
    if (!roleChanges && !blockChanges) return { user: toUserRecord(target), changed: false };
    const activeAdmin = target.role === "admin" && target.blockedAt === null;
    const staysActiveAdmin = (role ?? target.role) === "admin" && !(change.blocked ?? target.blockedAt !== null);
    if (activeAdmin && !staysActiveAdmin) await assertAnotherActiveAdmin(tx, id);
    const row = await tx.user.update({
      where: { id },
      data: {
        ...(roleChanges ? { role } : {}),
        ...(blockChanges ? { blockedAt: change.blocked ? now : null } : {}),
      },
    });
    // a blocked member is signed out everywhere in the same transaction
    if (blockChanges && change.blocked) await tx.session.deleteMany({ where: { userId: id } });
    return { user: toUserRecord(row), changed: true };
  });
}

/** Throws LastAdminError when this would demote the last active admin; `changed` is false for the same role. */
export async function setUserRole(id: string, role: Role): Promise<UserChange | null> {
  return changeKeepingAnAdmin(id, { role: roleSchema.parse(role) });
}

/** Blocks (ending every session at once) or unblocks; throws LastAdminError for the last active admin. */
export async function setUserBlocked(id: string, blocked: boolean): Promise<UserChange | null> {
  return changeKeepingAnAdmin(id, { blocked });
}

/**
 * A member's own profile change from /settings (display name already checked by parseDisplayName).
 * search_text is rewritten with the name in the same statement, so the admin search finds the new name.
 * `changed` is false when nothing differs.
 */
export async function updateProfile(id: string, change: { displayName?: string; avatarUrl?: string }): Promise<UserChange | null> {
  return db().$transaction(async (tx) => {
    const current = await tx.user.findUnique({ where: { id } });
    if (!current) return null;
    const displayName = change.displayName ?? current.displayName;
    const avatarUrl = change.avatarUrl ?? current.avatarUrl;
    if (displayName === current.displayName && avatarUrl === current.avatarUrl) return { user: toUserRecord(current), changed: false };
    const row = await tx.user.update({
      where: { id },
      data: { displayName, avatarUrl, searchText: searchTextOf(displayName, current.email) },
    });
    return { user: toUserRecord(row), changed: true };
  });
}

/** The pictures a member can pick on /settings: Google's latest (if known) beside the current one. */
export async function getAvatarSources(id: string): Promise<{ avatarUrl: string; googleAvatarUrl: string | null } | null> {
  return db().user.findUnique({ where: { id }, select: { avatarUrl: true, googleAvatarUrl: true } });
}

/**
 * A member deletes their own account: the user row, and with it (ON DELETE CASCADE) their accounts and
 * sessions, plus the claim links and invitations addressed to them. The last active admin cannot (the
 * same SERIALIZABLE check as demoting: LastAdminError). Returns false when the user no longer exists.
 */
export async function deleteOwnAccount(id: string): Promise<boolean> {
  return serializable(async (tx) => {
    const target = await tx.user.findUnique({ where: { id } });
    if (!target) return false;
    if (target.role === "admin" && target.blockedAt === null) await assertAnotherActiveAdmin(tx, id);
    await tx.verificationToken.deleteMany({
      where: { OR: [{ identifier: CLAIM_PREFIX + id }, ...(target.email ? [{ identifier: target.email }] : [])] },
    });
    await tx.user.delete({ where: { id } });
    return true;
  });
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
