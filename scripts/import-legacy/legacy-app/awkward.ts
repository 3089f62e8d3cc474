// A previous-app database's worth of awkward rows (what ../shared/legacy/README.md says an import must not
// assume away): Japanese, emoji, quotes, backslashes, tabs and newlines, 300-character names, empty and
// NULL e-mails, e-mails differing only by case or spaces, dates before 2001 and after 2038 (and before
// 1970), duplicate and orphan accounts, OAuth tokens, live and expired sessions, e-mail tokens.
// Timestamps are whole seconds: the SQLite shape keeps no more.
import type { Provider } from "~/db/provider";
import type { LegacyData, LegacyUser } from "./build";

const at = (iso: string) => new Date(iso);

const user = (id: string, displayName: string, email: string | null, created: string, extra: Partial<LegacyUser> = {}): LegacyUser => ({
  id,
  displayName,
  avatarUrl: `https://cdn.discordapp.com/avatars/${id}/a1b2c3.png`,
  role: "member",
  email,
  createdAt: at(created),
  updatedAt: at(created),
  ...extra,
});

export const AWKWARD_NAMES = {
  admin: "管理人すずみな🌸",
  hana: `Hana "Q" O'Neil \\ back\\slash\ttab\nnewline\r\nCRLF`,
  long: "名".repeat(300),
  emoji: "👨‍👩‍👧‍👦 emoji ✨ 𠮷野家 e\u0301",
  sql: "'; DROP TABLE users; --",
};

/** The rows; `engine` decides whether orphans can exist (SQLite never enforced the foreign keys). */
export function awkwardLegacyData(engine: Provider): LegacyData {
  const users: LegacyUser[] = [
    user("u01-admin", AWKWARD_NAMES.admin, "  Admin@Example.COM ", "2024-04-01T09:00:00Z", { role: "admin", updatedAt: at("2025-01-02T03:04:05Z") }),
    user("u02-hana", AWKWARD_NAMES.hana, "hana@example.com", "1999-12-31T23:59:59Z", { avatarUrl: "", updatedAt: at("2001-09-09T01:46:40Z") }),
    user("u03-hana-again", "はな（2つめ）", "HANA@Example.com ", "2024-05-01T00:00:00Z"),
    user("u05-tie", "同時刻B", "Tie@example.com", "2023-01-01T00:00:00Z"),
    user("u04-tie", "同時刻A", "tie@example.com", "2023-01-01T00:00:00Z"),
    user("u06-empty", "メール空", "", "2024-06-01T00:00:00Z", { avatarUrl: "" }),
    user("u07-null", "メールなし", null, "2024-06-02T00:00:00Z"),
    user("u08-long", AWKWARD_NAMES.long, "long@example.com", "2040-06-01T12:00:00Z", { updatedAt: at("2100-01-01T00:00:00Z") }),
    user("u09-emoji", AWKWARD_NAMES.emoji, "Émilie@Example.com", "2020-02-29T12:00:00Z"),
    user("u10-emoji-again", "エミリー", "ÉMILIE@EXAMPLE.COM", "2021-03-01T00:00:00Z"),
    user("u11-showa", "昭和の人", "showa@example.com", "1960-01-01T00:00:00Z", { updatedAt: at("1969-12-31T23:59:59Z") }),
    user("u12-spaced", "スペース", "\tspaced@example.com  ", "2038-01-19T03:14:08Z"),
    user("u13-sql", AWKWARD_NAMES.sql, null, "2024-07-01T00:00:00Z"),
  ];
  const tokens = { refreshToken: "discord-refresh-SECRET", accessToken: "discord-access-SECRET", expiresAt: 2_000_000_000, tokenType: "Bearer", scope: "identify email", idToken: "eyJ.SECRET.sig", sessionState: "state-SECRET" };
  return {
    users,
    accounts: [
      { id: "a01", userId: "u01-admin", providerAccountId: "100000000000000001", ...tokens },
      { id: "a02", userId: "u02-hana", providerAccountId: "100000000000000002", ...tokens },
      { id: "a03", userId: "u02-hana", providerAccountId: "100000000000000002" }, // a double sign-in stored it twice
      { id: "a00", userId: "u03-hana-again", providerAccountId: "100000000000000002" }, // and once under another user
      { id: "a04", userId: "u04-tie", provider: "github", providerAccountId: "gh-4" },
      { id: "a09", userId: "u09-emoji", providerAccountId: "100000000000000009" },
      ...(engine === "sqlite" ? [{ id: "a99", userId: "u99-gone", providerAccountId: "100000000000000099" }] : []),
    ],
    sessions: [
      { id: "s1", userId: "u01-admin", sessionToken: "live-session-SECRET", expires: at("2099-01-01T00:00:00Z") },
      { id: "s2", userId: "u02-hana", sessionToken: "expired-session-SECRET", expires: at("2020-01-01T00:00:00Z") },
      { id: "s3", userId: "u01-admin", sessionToken: "old-session-SECRET", expires: at("2024-01-01T00:00:00Z") },
      ...(engine === "sqlite" ? [{ id: "s9", userId: "u99-gone", sessionToken: "orphan-session-SECRET", expires: at("2019-01-01T00:00:00Z") }] : []),
    ],
    tokens: [
      { identifier: "hana@example.com", token: "email-token-SECRET", expires: at("2024-01-01T00:00:00Z") },
      { identifier: "new@example.com", token: "email-token2-SECRET", expires: at("2099-01-01T00:00:00Z") },
    ],
  };
}
