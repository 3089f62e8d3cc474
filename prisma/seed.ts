// `npm run db:seed`: a few members and one admin. Idempotent: re-running updates the same rows by e-mail.
import { closeDatabase } from "~/db/client.server";
import { upsertUserByEmail, type Role } from "~/models/user.server";

const avatar = (seed: string) => `/avatars/${encodeURIComponent(seed)}.svg`;

export const SEED_USERS: { email: string; displayName: string; role: Role }[] = [
  { email: "admin@example.com", displayName: "管理人すずみな", role: "admin" },
  { email: "hana@example.com", displayName: "はな", role: "member" },
  { email: "ren@example.com", displayName: "れん 🎧", role: "member" },
  { email: "yuki@example.com", displayName: "Yuki Tanaka", role: "member" },
];

export async function seed(): Promise<number> {
  for (const u of SEED_USERS) {
    await upsertUserByEmail({ ...u, avatarUrl: avatar(u.email) });
  }
  return SEED_USERS.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const n = await seed();
    console.log(`seeded ${n} users (admin: ${SEED_USERS[0].email})`);
  } finally {
    await closeDatabase();
  }
}
