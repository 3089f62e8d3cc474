// db:import-legacy end to end: previous-app databases built the way the old app made them (both shapes),
// imported by the real command into databases of this project (both engines), and every mapping rule
// checked row by row through the app's own Prisma client. The four combinations must give the same rows.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "~/db/provider";
import { ENGINES, openTestDatabase } from "~test/engines";
import { databases, exec, rowCounts, runImport } from "../transfer/testing";
import { AWKWARD_NAMES, awkwardLegacyData } from "./legacy-app/awkward";
import { createLegacyDatabase, insertLegacy } from "./legacy-app/build";

const EMPTY = { users: 0, accounts: 0, sessions: 0, verification_tokens: 0 };
const at = (iso: string) => new Date(iso);
const discordAvatar = (id: string) => `https://cdn.discordapp.com/avatars/${id}/a1b2c3.png`;

// What the rules say each user becomes (docs/migrating-to-postgresql.md, "From the previous app"), by hand.
const EXPECTED_USERS = [
  { id: "u01-admin", displayName: AWKWARD_NAMES.admin, role: "admin", email: "admin@example.com", createdAt: at("2024-04-01T09:00:00Z"), updatedAt: at("2025-01-02T03:04:05Z") },
  // empty avatar_url → the generated one; the earliest of the two "hana" keeps the e-mail
  { id: "u02-hana", displayName: AWKWARD_NAMES.hana, avatarUrl: /^\/avatars\/[0-9a-f]{16}\.svg$/, role: "member", email: "hana@example.com", createdAt: at("1999-12-31T23:59:59Z"), updatedAt: at("2001-09-09T01:46:40Z") },
  { id: "u03-hana-again", displayName: "はな（2つめ）", role: "member", email: null, createdAt: at("2024-05-01T00:00:00Z") },
  // same instant: the smaller id keeps it
  { id: "u04-tie", displayName: "同時刻A", role: "member", email: "tie@example.com", createdAt: at("2023-01-01T00:00:00Z") },
  { id: "u05-tie", displayName: "同時刻B", role: "member", email: null, createdAt: at("2023-01-01T00:00:00Z") },
  { id: "u06-empty", displayName: "メール空", avatarUrl: /^\/avatars\/[0-9a-f]{16}\.svg$/, role: "member", email: null, createdAt: at("2024-06-01T00:00:00Z") },
  { id: "u07-null", displayName: "メールなし", role: "member", email: null, createdAt: at("2024-06-02T00:00:00Z") },
  { id: "u08-long", displayName: AWKWARD_NAMES.long, role: "member", email: "long@example.com", createdAt: at("2040-06-01T12:00:00Z"), updatedAt: at("2100-01-01T00:00:00Z") },
  { id: "u09-emoji", displayName: AWKWARD_NAMES.emoji, role: "member", email: "émilie@example.com", createdAt: at("2020-02-29T12:00:00Z") },
  { id: "u10-emoji-again", displayName: "エミリー", role: "member", email: null, createdAt: at("2021-03-01T00:00:00Z") },
  { id: "u11-showa", displayName: "昭和の人", role: "member", email: "showa@example.com", createdAt: at("1960-01-01T00:00:00Z"), updatedAt: at("1969-12-31T23:59:59Z") },
  { id: "u12-spaced", displayName: "スペース", role: "member", email: "spaced@example.com", createdAt: at("2038-01-19T03:14:08Z") },
  { id: "u13-sql", displayName: AWKWARD_NAMES.sql, role: "member", email: null, createdAt: at("2024-07-01T00:00:00Z") },
];

const EXPECTED_ACCOUNTS = [
  // a00 is the smallest id of the three rows of identity …0002, so it stays (with its user)
  { id: "a00", userId: "u03-hana-again", type: "oauth", provider: "discord", providerAccountId: "100000000000000002" },
  { id: "a01", userId: "u01-admin", type: "oauth", provider: "discord", providerAccountId: "100000000000000001" },
  { id: "a04", userId: "u04-tie", type: "oauth", provider: "github", providerAccountId: "gh-4" },
  { id: "a09", userId: "u09-emoji", type: "oauth", provider: "discord", providerAccountId: "100000000000000009" },
];

async function legacy(engine: Provider, dispose: (() => Promise<void>)[]): Promise<string> {
  const db = await createLegacyDatabase(engine);
  dispose.push(db.dispose);
  await insertLegacy(db.url, engine, awkwardLegacyData(engine));
  return db.url;
}

/** The imported rows, read back through the app's own client. */
async function readBack(provider: Provider, url: string) {
  const database = await openTestDatabase(provider, url);
  try {
    const c = database.client;
    return {
      users: await c.user.findMany({ orderBy: { id: "asc" } }),
      accounts: await c.account.findMany({ orderBy: { id: "asc" } }),
      sessions: await c.session.count(),
      tokens: await c.verificationToken.count(),
    };
  } finally {
    await database.close();
  }
}

describe("db:import-legacy", { timeout: 120_000 }, () => {
  const dbs = databases();
  const legacyDisposers: (() => Promise<void>)[] = [];
  const sources = {} as Record<Provider, string>;
  const imported = new Map<string, unknown>();
  beforeAll(async () => {
    for (const shape of ENGINES) sources[shape] = await legacy(shape, legacyDisposers);
  });
  afterAll(async () => {
    await dbs.disposeAll();
    await Promise.all(legacyDisposers.map((d) => d()));
  });

  for (const shape of ENGINES) {
    for (const engine of ENGINES) {
      it(`maps every row by the rules: ${shape} previous app → ${engine}`, async () => {
        const target = await dbs.fresh(engine);
        const reportFile = path.join(tmpdir(), `suzumina-import-${shape}-${engine}-${process.pid}.json`);
        const r = await runImport(["--from", sources[shape], "--to", target, "--report", reportFile]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/13 users and 4 accounts imported and verified \(row counts and checksums match\).*committed\.$/m);
        expect(r.stdout).toMatch(/^users\s+13\s+13\s+3 e-mails cleared\s+[0-9a-f]{16}\s+yes$/m);
        expect(r.stdout).toMatch(/members without an e-mail, who sign in again through a claim link from \/admin\/users: 6$/m);
        expect(r.stderr).not.toMatch(/SECRET/);

        const rows = await readBack(engine, target);
        expect(rows.users.map((u) => u.id)).toEqual(EXPECTED_USERS.map((u) => u.id));
        for (const want of EXPECTED_USERS) {
          const got = rows.users.find((u) => u.id === want.id)!;
          const { avatarUrl, updatedAt, ...exact } = want;
          expect(got, want.id).toMatchObject(exact);
          expect(got.updatedAt, want.id).toEqual(updatedAt ?? want.createdAt);
          if (avatarUrl) expect(got.avatarUrl, want.id).toMatch(avatarUrl);
          else expect(got.avatarUrl, want.id).toBe(discordAvatar(want.id));
        }
        // the generated avatar is the same picture whichever engine or shape it came through
        expect(new Set(rows.users.filter((u) => u.avatarUrl.startsWith("/avatars/")).map((u) => u.avatarUrl)).size).toBe(2);
        expect(rows.accounts.map(({ id, userId, type, provider, providerAccountId }) => ({ id, userId, type, provider, providerAccountId }))).toEqual(EXPECTED_ACCOUNTS);
        for (const a of rows.accounts) {
          expect([a.refreshToken, a.accessToken, a.expiresAt, a.tokenType, a.scope, a.idToken, a.sessionState], a.id).toEqual([null, null, null, null, null, null, null]);
        }
        expect(rows.sessions).toBe(0);
        expect(rows.tokens).toBe(0);

        const text = readFileSync(reportFile, "utf8");
        const report = JSON.parse(text);
        expect(report).toMatchObject({
          tool: "db:import-legacy",
          dryRun: false,
          committed: true,
          shape: shape === "sqlite" ? "drizzle-sqlite" : "drizzle-postgresql",
          users: {
            read: 13,
            imported: 13,
            emailsCleared: ["u03-hana-again", "u05-tie", "u10-emoji-again"],
            withoutEmail: ["u03-hana-again", "u05-tie", "u06-empty", "u07-null", "u10-emoji-again", "u13-sql"],
            avatarsGenerated: 2,
          },
          accounts: {
            read: shape === "sqlite" ? 7 : 6,
            imported: 4,
            duplicatesCollapsed: [{ kept: "a00", dropped: ["a02", "a03"] }],
            orphansSkipped: shape === "sqlite" ? ["a99"] : [],
          },
          sessions: shape === "sqlite" ? { dropped: 4, live: 1, expired: 3 } : { dropped: 3, live: 1, expired: 2 },
          verificationTokens: { dropped: 2 },
        });
        expect(report.tables.map((t: { table: string; sourceRows: number; targetRows: number }) => [t.table, t.sourceRows, t.targetRows])).toEqual([
          ["users", 13, 13],
          ["accounts", 4, 4],
          ["sessions", 0, 0],
          ["verification_tokens", 0, 0],
        ]);
        // ids and counts only: no e-mail address, name or token
        expect(text).not.toMatch(/[Ee]xample\.(com|COM)|EXAMPLE|SECRET|すずみな|はな|Hana|DROP TABLE|名名/);

        imported.set(`${shape}→${engine}`, rows);
      });
    }
  }

  it("gives the same rows for every shape and engine", () => {
    expect([...imported.keys()]).toHaveLength(4);
    const [first, ...rest] = [...imported.values()];
    for (const other of rest) expect(other).toEqual(first);
  });

  it("--dry-run checks and verifies everything, prints the same summary, and writes nothing", async () => {
    for (const engine of ENGINES) {
      const target = await dbs.fresh(engine);
      const r = await runImport(["--from", sources.sqlite, "--to", target, "--dry-run"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^dry run: /);
      expect(r.stdout).toMatch(/13 users and 4 accounts imported and verified .*dry run: rolled back, nothing was written\.$/m);
      expect(await rowCounts(target)).toEqual(EMPTY);
      // and the real run afterwards works on the untouched target
      expect((await runImport(["--from", sources.sqlite, "--to", target])).code).toBe(0);
      expect((await rowCounts(target)).users).toBe(13);
    }
  });

  it("keeps PostgreSQL timestamps to the millisecond (microseconds truncated, never into the next second), read as UTC", async () => {
    const db = await createLegacyDatabase("postgresql");
    legacyDisposers.push(db.dispose);
    // written the way the old app's driver wrote them: UTC wall-clock text, whatever the server's zone
    // a server whose default date style is not ISO must not change what is read
    await exec(db.url, `alter database "${new URL(db.url).pathname.slice(1)}" set datestyle = 'SQL, DMY'`);
    await exec(
      db.url,
      `set time zone 'America/New_York';
       insert into users (id, display_name, avatar_url, role, email, created_at, updated_at)
       values ('p1', 'ミリ秒', '', 'member', null, '2024-03-10 06:59:59.123456', '2024-03-10 07:00:00.999600');`,
    );
    const target = await dbs.fresh("sqlite");
    const r = await runImport(["--from", db.url, "--to", target]);
    expect(r.code, r.stderr).toBe(0);
    const { users } = await readBack("sqlite", target);
    expect(users[0].createdAt.toISOString()).toBe("2024-03-10T06:59:59.123Z");
    expect(users[0].updatedAt.toISOString()).toBe("2024-03-10T07:00:00.999Z");
  });
});
