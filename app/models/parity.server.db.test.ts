// One codebase, one behaviour: every model function that matches text or returns a list runs against
// the same rows on SQLite, on PostgreSQL as the tests create it (C.UTF-8) and on PostgreSQL with an ICU
// en-US collation (what Cloud SQL gives by default), and the answers must be identical — and equal to
// what the table says. Rows are made partly through the models and partly straight through Prisma with
// no search_text (rows from before the column existed), so the lazy fill is covered too.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { setDatabase, type Database } from "~/db/client.server";
import { freshDatabaseUrl, openTestDatabase } from "~test/engines";
import { dropDatabase, migrate, uniqueName } from "~test/pg-admin";
import pg from "pg";
import { createInvite, listInvites } from "./invite.server";
import { createSessionForUser, findSessionWithUser } from "./session.server";
import { createUser, getUserByEmail, getUserById, searchUsers, upsertUserByEmail } from "./user.server";

interface Target {
  label: string;
  database: Database;
  dispose: () => Promise<void>;
}

/** PostgreSQL with a linguistic collation: ORDER BY on text differs from byte order there. */
async function icuPostgres(): Promise<{ url: string; dispose: () => Promise<void> }> {
  const admin = inject("pgAdminUrl");
  const name = uniqueName(`${inject("runId").replace(/^suz_/, "")}_icu`);
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
  } finally {
    await c.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), dispose: () => dropDatabase(admin, name) };
}

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0, 0);
const at = (ms: number) => new Date(T0 + ms);

/** The same rows on every engine; returns the ids by label. */
async function seed(d: Database): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const raw = (id: string, displayName: string, email: string | null, created: Date) =>
    d.client.user.create({ data: { id, displayName, avatarUrl: "/avatars/x.svg", email, createdAt: created } });
  // through the model: search_text written with the row
  for (const [label, name, email] of [
    ["hana", "Hana Yamada", "Hana.Y@Example.com"],
    ["pct", "100% 本気", "pct@example.com"],
    ["under", "under_score", "us@example.com"],
    ["slash", "back\\slash", "bs@example.com"],
    ["emile", "E\u0301mile Zola", "emile@example.com"],
    ["strasse", "Straße", null],
  ] as const) {
    ids[label] = (await createUser({ displayName: name, avatarUrl: "/avatars/x.svg", email })).id;
  }
  // straight through Prisma, no search_text, fixed instants: ties and full-/half-width forms
  await raw("wide", "ＨＡＮＡ 全角", null, at(-1000));
  await raw("kana-half", "ﾊﾅ ｶﾀｶﾅ", "kana@example.com", at(-2000));
  await raw("hira", "はな ひらがな", null, at(-3000));
  for (const id of ["b-tie", "B-tie", "a-tie", "_tie", "Z-tie", "1-tie", "-tie", ".tie"]) await raw(id, `tie ${id}`, null, at(-5000));
  for (const id of ["wide", "kana-half", "hira", "b-tie", "B-tie", "a-tie", "_tie", "Z-tie", "1-tie", "-tie", ".tie"]) ids[id] = id;
  return ids;
}

const TIES = ["-tie", ".tie", "1-tie", "B-tie", "Z-tie", "_tie", "a-tie", "b-tie"]; // code-point order
const NEWEST_FIRST = ["strasse", "emile", "slash", "under", "pct", "hana", "wide", "kana-half", "hira", ...TIES];

// query → the users it finds (labels), in the order the list shows them
const SEARCHES: [query: string, expected: string[]][] = [
  ["hana", ["hana", "wide"]],
  ["HANA", ["hana", "wide"]],
  ["ｈａｎａ", ["hana", "wide"]],
  ["Hana.y@EXAMPLE", ["hana"]],
  ["ハナ", ["kana-half"]], // half-width katakana folded to full-width
  ["ﾊﾅ", ["kana-half"]],
  ["はな", ["hira"]], // hiragana stays hiragana
  ["全角", ["wide"]],
  ["%", ["pct"]],
  ["100%", ["pct"]],
  ["_", ["under", ...TIES.filter((t) => t.includes("_"))]],
  ["r_s", ["under"]],
  ["\\", ["slash"]],
  ["k\\s", ["slash"]],
  ["émile", ["emile"]],
  ["E\u0301MILE", ["emile"]],
  ["straße", ["strasse"]],
  ["STRASSE", []],
  ["tie", TIES],
  ["TIE", TIES],
  ["b-tie", ["b-tie", "B-tie"]],
  ["nobody", []],
  ["'; drop table users; --", []],
  ["a-tie", ["a-tie"]],
];

const INVITES = ["a_b@example.com", "a.b@example.com", "a-b@example.com", "ab@example.com", "a1@example.com", "Ab2@example.com"];

describe("engine parity: one table of cases, the same answers on every engine", () => {
  const targets: Target[] = [];
  const idsByTarget = new Map<Target, Record<string, string>>();

  beforeAll(async () => {
    const made = await Promise.all([
      freshDatabaseUrl("sqlite").then((f) => ({ label: "sqlite", ...f })),
      freshDatabaseUrl("postgresql").then((f) => ({ label: "postgresql", ...f })),
      icuPostgres().then((f) => ({ label: "postgresql (ICU en-US collation)", ...f })),
    ]);
    for (const m of made) {
      const provider = m.url.startsWith("file:") ? "sqlite" : "postgresql";
      targets.push({ label: m.label, database: await openTestDatabase(provider, m.url), dispose: m.dispose });
    }
    for (const t of targets) {
      setDatabase(t.database);
      idsByTarget.set(t, await seed(t.database));
      for (const [i, email] of INVITES.entries()) await createInvite(email, at(86_400_000 * (i < 4 ? 1 : 2)));
    }
  }, 120_000);
  afterAll(async () => {
    setDatabase(undefined);
    for (const t of targets) {
      await t.database.close();
      await t.dispose();
    }
  });

  /** Runs fn against each engine in turn (the app's database pointed at it). */
  async function onEach<R>(fn: (ids: Record<string, string>) => Promise<R>): Promise<Map<string, R>> {
    const out = new Map<string, R>();
    for (const t of targets) {
      setDatabase(t.database);
      out.set(t.label, await fn(idsByTarget.get(t)!));
    }
    return out;
  }

  function expectSame<R>(results: Map<string, R>, expected?: R) {
    const [first, ...rest] = [...results.entries()];
    for (const [label, r] of rest) expect(r, `${label} differs from ${first![0]}`).toEqual(first![1]);
    if (expected !== undefined) expect(first![1]).toEqual(expected);
  }

  const labelsOf = (ids: Record<string, string>, users: { id: string }[]) =>
    users.map((u) => Object.entries(ids).find(([, id]) => id === u.id)?.[0] ?? `?${u.id}`);

  it.each(SEARCHES)("admin search %j", async (query, expected) => {
    const results = await onEach(async (ids) => labelsOf(ids, await searchUsers(query)));
    // newest first; equal instants by id in code-point order
    expectSame(results, NEWEST_FIRST.filter((l) => expected.includes(l)));
  });

  it("the empty search lists everyone, newest first, ties by id in code-point order", async () => {
    const results = await onEach(async (ids) => labelsOf(ids, await searchUsers("")));
    expectSame(results, NEWEST_FIRST);
  });

  it("an exact id finds that member whatever the text", async () => {
    expectSame(await onEach(async (ids) => labelsOf(ids, await searchUsers("B-tie"))), ["B-tie", "b-tie"]);
    expectSame(await onEach(async (ids) => labelsOf(ids, await searchUsers(ids.hana!))), ["hana"]);
  });

  it("lists invitations newest expiry first, ties by e-mail in code-point order", async () => {
    expectSame(
      await onEach(async () => (await listInvites()).map((i) => i.email)),
      ["a1@example.com", "ab2@example.com", "a-b@example.com", "a.b@example.com", "a_b@example.com", "ab@example.com"],
    );
  });

  it("one e-mail is one member under case, width and composition variants", async () => {
    const results = await onEach(async () => {
      const a = await createUser({ displayName: "variant", avatarUrl: "/a.svg", email: "Ｖａｒｉａｎｔ@Exa\u0301mple.com" });
      const outcomes: string[] = [];
      for (const email of ["variant@exámple.com", "VARIANT@EXA\u0301MPLE.COM", " variant@ｅｘáｍｐｌｅ.com "]) {
        outcomes.push((await getUserByEmail(email))?.id === a.id ? "same" : "other");
        outcomes.push(await createUser({ displayName: "dup", avatarUrl: "/a.svg", email }).then(() => "created", () => "refused"));
      }
      const up = await upsertUserByEmail({ email: "VARIANT@exámple.com", displayName: "variant 2", avatarUrl: "/a.svg" });
      outcomes.push(up.id === a.id ? "upsert-same" : "upsert-new", a.email ?? "");
      return outcomes;
    });
    expectSame(results, ["same", "refused", "same", "refused", "same", "refused", "upsert-same", "variant@exámple.com"]);
  });

  it("keeps timestamps to the millisecond", async () => {
    const instants = ["2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.001Z", "2038-01-19T03:14:08.123Z", "9999-12-31T23:59:59.999Z"];
    const results = await onEach(async (ids) => {
      const out: string[] = [];
      for (const [i, iso] of instants.entries()) {
        const u = await getUserById(ids[TIES[i]!]!);
        const { token } = await createSessionForUser(u!.id, new Date(iso));
        const found = await findSessionWithUser(token, new Date("2000-01-01T00:00:00Z"));
        out.push(found?.expires.toISOString() ?? (new Date(iso) > new Date("2000-01-01") ? "missing" : "expired"));
      }
      const created = (await getUserById(ids.wide!))!.createdAt.toISOString();
      return [...out, created];
    });
    expectSame(results, ["2024-02-29T23:59:59.999Z", "expired", "2038-01-19T03:14:08.123Z", "9999-12-31T23:59:59.999Z", at(-1000).toISOString()]);
  });
});
