// "Download my data" on /settings: everything the app holds about one member, and nothing about anyone
// else. Secrets are left out even though they are the member's: session and link tokens are stored only
// as SHA-256 hashes, and a hash is not data about the person (and would be a lookup key for the row).
import { db } from "~/db/client.server";
import { CLAIM_PREFIX } from "./claim.server";

export interface MyData {
  format: "suzumina-web/my-data@1";
  exportedAt: string;
  user: {
    id: string;
    displayName: string;
    avatarUrl: string;
    googleAvatarUrl: string | null;
    role: string;
    email: string | null;
    createdAt: string;
    updatedAt: string;
    blockedAt: string | null;
    /** the folded name and e-mail the admin search matches (users.search_text) */
    searchText: string | null;
  };
  /** sign-in identities only: the app stores no OAuth tokens */
  accounts: { provider: string; providerAccountId: string; type: string }[];
  /** sign-ins, newest first */
  sessions: { createdAt: string; expires: string }[];
  /** an invitation to this member's e-mail not yet used */
  invitations: { email: string; expires: string }[];
  /** a profile claim link an admin made for this member, not yet used */
  claimLinks: { expires: string }[];
}

export async function exportMyData(userId: string, now = new Date()): Promise<MyData | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    include: {
      accounts: { select: { provider: true, providerAccountId: true, type: true }, orderBy: [{ provider: "asc" }, { providerAccountId: "asc" }] },
      sessions: { select: { createdAt: true, expires: true }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] },
    },
  });
  if (!user) return null;
  const tokens = await db().verificationToken.findMany({
    where: { identifier: { in: [CLAIM_PREFIX + user.id, ...(user.email ? [user.email] : [])] } },
    select: { identifier: true, expires: true },
    orderBy: { expires: "desc" },
  });
  const iso = (d: Date) => d.toISOString();
  return {
    format: "suzumina-web/my-data@1",
    exportedAt: iso(now),
    user: {
      id: user.id,
      displayName: user.displayName,
      avatarUrl: user.avatarUrl,
      googleAvatarUrl: user.googleAvatarUrl,
      role: user.role,
      email: user.email,
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
      blockedAt: user.blockedAt ? iso(user.blockedAt) : null,
      searchText: user.searchText,
    },
    accounts: user.accounts,
    sessions: user.sessions.map((s) => ({ createdAt: iso(s.createdAt), expires: iso(s.expires) })),
    invitations: tokens.filter((t) => t.identifier === user.email).map((t) => ({ email: t.identifier, expires: iso(t.expires) })),
    claimLinks: tokens.filter((t) => t.identifier.startsWith(CLAIM_PREFIX)).map((t) => ({ expires: iso(t.expires) })),
  };
}
