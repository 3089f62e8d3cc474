// Users: the only code that reads or writes the users table.
import { z } from "zod";
import { db } from "~/db/client.server";
import { normalizeEmail } from "./email";

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
}

/** Public fields: what other members may see of a profile. */
export type PublicUser = Pick<UserRecord, "id" | "displayName" | "avatarUrl" | "role" | "createdAt">;

export function toUserRecord(row: Omit<UserRecord, "role"> & { role: string }): UserRecord {
  // A role outside the allowed list (hand-edited row) is treated as the least privileged one.
  const parsed = roleSchema.safeParse(row.role);
  return { ...row, role: parsed.success ? parsed.data : "member" };
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
  const row = await db().user.create({
    data: {
      displayName: input.displayName,
      avatarUrl: input.avatarUrl,
      email: input.email ? normalizeEmail(input.email) : null,
      role: roleSchema.parse(input.role ?? "member"),
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
    create: { email, displayName: input.displayName, avatarUrl: input.avatarUrl, role },
    update: { displayName: input.displayName, avatarUrl: input.avatarUrl, role },
  });
  return toUserRecord(row);
}

export async function setUserRole(id: string, role: Role): Promise<UserRecord | null> {
  const parsedRole = roleSchema.parse(role);
  const res = await db().user.updateMany({ where: { id }, data: { role: parsedRole } });
  return res.count ? getUserById(id) : null;
}


/**
 * Users for the admin list, newest first. The search matches part of the display name or e-mail;
 * e-mails are stored lower-cased, so lower-casing the term makes the e-mail match case-blind on both engines.
 */
export async function searchUsers(q: string, take = 100): Promise<UserRecord[]> {
  const term = q.trim();
  const rows = await db().user.findMany({
    // an exact id finds that member (the import's report lists ids of members who need a claim link)
    where: term ? { OR: [{ id: term }, { displayName: { contains: term } }, { email: { contains: term.toLowerCase() } }] } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take,
  });
  return rows.map(toUserRecord);
}
