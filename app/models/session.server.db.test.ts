import Database from "better-sqlite3";
import pg from "pg";
import { beforeEach, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import {
  countSessionsOfUser,
  createSessionForUser,
  deleteSession,
  deleteSessionsOfUser,
  extendSession,
  findSessionWithUser,
  hashToken,
  purgeExpiredSessions,
} from "./session.server";
import { createUser, toUserRecord } from "./user.server";

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

describeEachEngine("session model", (t) => {
  beforeEach(() => t().reset());

  it("stores only the SHA-256 of a 256-bit token, never the token", async () => {
    const u = await createUser({ displayName: "はな", avatarUrl: "/a.svg" });
    const { token } = await createSessionForUser(u.id, inDays(30));
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await t().db.session.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].sessionToken).toBe(hashToken(token));
    expect(rows[0].sessionToken).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    // the stored hash is not itself a usable token
    expect(await findSessionWithUser(rows[0].sessionToken)).toBeNull();
  });

  it("finds the session with its user and ignores expired ones", async () => {
    const u = await createUser({ displayName: "れん", avatarUrl: "/a.svg", email: "ren@example.com" });
    const live = await createSessionForUser(u.id, inDays(1));
    const dead = await createSessionForUser(u.id, new Date(Date.now() - 1000));
    const found = await findSessionWithUser(live.token);
    expect(found?.user).toMatchObject({ id: u.id, displayName: "れん", email: "ren@example.com", role: "member" });
    expect(await findSessionWithUser(dead.token)).toBeNull();
    expect(await findSessionWithUser("not-a-token")).toBeNull();
  });

  it("extends only live sessions (sliding expiry)", async () => {
    const u = await createUser({ displayName: "a", avatarUrl: "/a.svg" });
    const live = await createSessionForUser(u.id, inDays(1));
    const dead = await createSessionForUser(u.id, new Date(Date.now() - 1000));
    expect(await extendSession(live.token, inDays(30))).toBe(true);
    expect((await findSessionWithUser(live.token))!.expires.getTime()).toBeGreaterThan(inDays(29).getTime());
    expect(await extendSession(dead.token, inDays(30))).toBe(false);
    expect(await findSessionWithUser(dead.token)).toBeNull();
  });

  it("deletes one session, all of a user's, and purges expired rows only", async () => {
    const a = await createUser({ displayName: "a", avatarUrl: "/a.svg" });
    const b = await createUser({ displayName: "b", avatarUrl: "/b.svg" });
    const a1 = await createSessionForUser(a.id, inDays(1));
    await createSessionForUser(a.id, inDays(1));
    const b1 = await createSessionForUser(b.id, inDays(1));
    await createSessionForUser(b.id, new Date(Date.now() - 60_000));
    await createSessionForUser(b.id, new Date(Date.now() - 120_000));

    await deleteSession(a1.token);
    expect(await findSessionWithUser(a1.token)).toBeNull();
    expect(await countSessionsOfUser(a.id)).toBe(1);

    expect(await purgeExpiredSessions()).toBe(2);
    expect(await t().db.session.count()).toBe(2);

    expect(await deleteSessionsOfUser(a.id)).toBe(1);
    expect(await countSessionsOfUser(a.id)).toBe(0);
    expect(await findSessionWithUser(b1.token)).not.toBeNull();
  });

  it("reads session + user in one statement (a JOIN) on both engines, with every field intact", async () => {
    const u = await createUser({ displayName: "a", avatarUrl: "/a.svg" });
    const { token } = await createSessionForUser(u.id, inDays(1));
    await findSessionWithUser(token); // warm up: connection and query plans
    const statements: string[] = [];
    const pgQuery = pg.Client.prototype.query;
    // better-sqlite3 statements are prepared once and run many times: observe the runs
    const Statement = Object.getPrototypeOf(new Database(":memory:").prepare("select 1")) as Record<string, unknown>;
    const runs = ["all", "get", "run", "iterate"] as const;
    const originals = runs.map((m) => Statement[m] as (...a: unknown[]) => unknown);
    // observe what the drivers are asked to run (the drivers themselves still run it)
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      statements.push(typeof q === "string" ? q : q.text);
      return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pgQuery;
    runs.forEach((m, i) => {
      Statement[m] = function (this: { source: string }, ...args: unknown[]) {
        statements.push(this.source);
        return originals[i].apply(this, args);
      };
    });
    try {
      expect((await findSessionWithUser(token))?.user.id).toBe(u.id);
    } finally {
      pg.Client.prototype.query = pgQuery;
      runs.forEach((m, i) => (Statement[m] = originals[i]));
    }
    const selects = statements.filter((q) => /^\s*select/i.test(q));
    expect(selects).toHaveLength(1);
    expect(selects[0]).toMatch(/JOIN/i);
    // the hand-written JOIN returns exactly what Prisma's own read of the rows returns
    const viaPrisma = await t().db.session.findUnique({ where: { sessionToken: hashToken(token) }, include: { user: true } });
    const found = await findSessionWithUser(token);
    // (every field of UserRecord; columns added to users later are Prisma's alone until the JOIN needs them)
    const record = toUserRecord(viaPrisma!.user);
    const sameFields = Object.fromEntries(Object.keys(found!.user).map((k) => [k, record[k as keyof typeof record]]));
    expect(Object.keys(found!.user).sort()).toEqual(Object.keys(record).sort());
    expect(found).toEqual({ userId: viaPrisma!.userId, expires: viaPrisma!.expires, createdAt: viaPrisma!.createdAt, user: sameFields });
    expect(found!.expires).toBeInstanceOf(Date);
    expect(found!.user.createdAt).toBeInstanceOf(Date);
    expect(statements.filter((q) => /^\s*(update|insert|delete)/i.test(q))).toEqual([]);
  });
});
