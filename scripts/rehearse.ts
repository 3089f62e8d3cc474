/**
 * npm run rehearse — the whole cut-over, run locally from one command (docs/migrating-to-postgresql.md):
 *
 *   the app serving on SQLite, seeded, with signed-in members; the previous app's import, rehearsed on a
 *   scratch database → read-only (MAINTENANCE_MODE) → backup → transfer SQLite → PostgreSQL → the app serving on PostgreSQL, the members still signed in
 *   → the rollback: read-only → reverse transfer → the app serving on SQLite again, still signed in.
 *
 * The production build, the real `node server.js`, the operator commands as production runs them
 * (scripts/operator.js), the mock Google for the sign-ins. Prints a timeline with each step's time and
 * the write freezes; checks that no row was lost either way (checksums of every table) and that every
 * member's session came along. Exits non-zero on any failure. PostgreSQL as the tests find it
 * (test-support/postgres.ts). CI runs it (`npm test`, stage rehearse).
 */
import { startTestMock } from "../test-support/mock-env";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { createLegacyDatabase, insertLegacy } from "./import-legacy/legacy-app/build";
import { awkwardLegacyData } from "./import-legacy/legacy-app/awkward";
import { type MockOidc } from "./mock-oidc";
import { checksums } from "./transfer/transfer";
import { CookieJar, signIn, signOut } from "../test-support/browserless";
import { productionBuild } from "../test-support/build";
import { launchServer, type RunningServer } from "../test-support/launch-server";
import { testServerEnv } from "../test-support/mock-env";
import { createDatabaseFromTemplate, dropDatabase, migrate, uniqueName, withDatabase } from "../test-support/pg-admin";
import { ensureTestPostgres } from "../test-support/postgres";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const MEMBERS = ["hana", "ren", "yuki", "mio", "sora"].map((n) => `${n}@example.com`);
const ADMIN = "admin@example.com";

interface Step {
  name: string;
  ms: number;
  /** the write freeze this step is part of */
  freeze?: string;
}

class Failure extends Error {}
const check = (ok: unknown, what: string) => {
  if (!ok) throw new Failure(what);
};

/** An operator command as production runs it (node scripts/operator.js <name> …), with its own DATABASE_URL. */
async function operator(name: string, args: string[], databaseUrl?: string): Promise<string> {
  try {
    const r = await exec(process.execPath, ["scripts/operator.js", name, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      maxBuffer: 16 << 20,
    });
    return r.stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Failure(`${name} failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}

export async function rehearse(log: (line: string) => void = console.log): Promise<Step[]> {
  const steps: Step[] = [];
  const step = async <T>(name: string, run: () => Promise<T>, freeze?: string): Promise<T> => {
    const t0 = performance.now();
    log(`▶ ${name}`);
    const out = await run();
    steps.push({ name, ms: performance.now() - t0, freeze });
    return out;
  };
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-rehearse-"));
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  let app: RunningServer | undefined;
  let mock: MockOidc | undefined;
  try {
    const postgres = await ensureTestPostgres(log);
    cleanups.push(() => postgres.stop());
    const buildDir = path.join(ROOT, ".cache/rehearse-build", String(process.pid));
    cleanups.push(async () => rmSync(buildDir, { recursive: true, force: true }));
    const sqliteUrl = `file:${path.join(dir, "prod.db")}`;
    const pgName = uniqueName("rehearse");
    const pgUrl = withDatabase(postgres.adminUrl, pgName);
    cleanups.push(() => dropDatabase(postgres.adminUrl, pgName));

    await step("set-up: production build, migrated SQLite and PostgreSQL, mock Google", async () => {
      await createDatabaseFromTemplate(postgres.adminUrl, pgName);
      await Promise.all([productionBuild(buildDir), migrate(sqliteUrl), migrate(pgUrl)]);
      mock = await startTestMock({ port: 0 });
    });
    const serve = async (databaseUrl: string, readOnly = false) => {
      await app?.stop();
      const provider = await testServerEnv(mock);
      app = await launchServer(
        (url) => ({
          ...provider,
          APP_URL: url,
          SUZUMINA_BUILD_DIR: buildDir,
          DATABASE_URL: databaseUrl,
          ACCESS_POLICY: "open",
          ADMIN_EMAILS: ADMIN,
          LOG_LEVEL: "warn",
          ...(readOnly ? { MAINTENANCE_MODE: "read-only" } : {}),
        }),
        { ready: { path: "/readyz", status: 200 }, timeoutMs: 30_000 },
      );
      return app;
    };
    const jars = new Map<string, CookieJar>();
    /** Every member signed in: their own profile page answers, with or without the maintenance banner. */
    const stillSignedIn = async (expectBanner: boolean, who = [...jars.keys()]) => {
      for (const email of who) {
        const jar = jars.get(email)!;
        const login = await fetch(`${app!.url}/login`, { redirect: "manual", headers: { cookie: jar.header() } });
        const profile = login.headers.get("location");
        check(login.status === 302 && profile?.startsWith("/users/"), `${email} is no longer signed in on ${app!.url} (/login answered ${login.status})`);
        const page = await (await fetch(app!.url + profile, { headers: { cookie: jar.header() } })).text();
        check(page.includes('data-testid="profile-name"'), `${email}'s profile page did not render`);
        check(page.includes('data-testid="maintenance-banner"') === expectBanner, `${email}: the maintenance banner is ${expectBanner ? "missing" : "shown"}`);
      }
    };

    await step("the app on SQLite: seeded, members sign in", async () => {
      await exec(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: sqliteUrl } });
      await serve(sqliteUrl);
      for (const email of [ADMIN, ...MEMBERS]) jars.set(email, (await signIn(app!.url, email)).jar);
      await stillSignedIn(false);
    });

    await step("the previous app's data: db:import-legacy into a scratch PostgreSQL database", async () => {
      const legacy = await createLegacyDatabase("sqlite");
      cleanups.push(legacy.dispose);
      await insertLegacy(legacy.url, "sqlite", awkwardLegacyData("sqlite"));
      const scratchName = uniqueName("rehearse_import");
      const scratch = await createDatabaseFromTemplate(postgres.adminUrl, scratchName);
      cleanups.push(() => dropDatabase(postgres.adminUrl, scratchName));
      await migrate(scratch);
      const out = await operator("db-import-legacy", ["--from", legacy.url, "--to", scratch]);
      check(/imported and verified .*committed\.$/m.test(out), `the import did not commit:\n${out}`);
    });

    await step("freeze: the app restarted read-only (MAINTENANCE_MODE=read-only)", async () => {
      await serve(sqliteUrl, true);
      await stillSignedIn(true);
      const refused = await signOut(app!.url, jars.get(MEMBERS[0])!);
      check(refused.status === 503 && refused.headers.get("retry-after"), `a write during the freeze answered ${refused.status}, not 503`);
    }, "SQLite → PostgreSQL");

    const sumsSqlite = await step("backup of the live SQLite file (db:backup), integrity-checked", async () => {
      const copy = path.join(dir, "backup.db");
      await operator("backup", [copy], sqliteUrl);
      const db = new Database(copy, { readonly: true });
      try {
        check(db.pragma("integrity_check", { simple: true }) === "ok", "the backup failed its integrity check");
      } finally {
        db.close();
      }
      const [live, backup] = [await checksums(sqliteUrl), await checksums(`file:${copy}`)];
      check(JSON.stringify(live) === JSON.stringify(backup), "the backup differs from the live database");
      return live;
    }, "SQLite → PostgreSQL");

    await step("transfer SQLite → PostgreSQL (db:transfer, verified)", async () => {
      const out = await operator("db-transfer", ["--from", sqliteUrl, "--to", pgUrl]);
      check(/copied and verified .*committed\.$/m.test(out), `the transfer did not commit:\n${out}`);
      check(JSON.stringify(await checksums(pgUrl)) === JSON.stringify(sumsSqlite), "PostgreSQL's rows differ from SQLite's");
    }, "SQLite → PostgreSQL");

    await step("switch: the app on PostgreSQL, members still signed in, writes back", async () => {
      await serve(pgUrl);
      await stillSignedIn(false);
      const out = await signOut(app!.url, jars.get(MEMBERS[0])!);
      check(out.status === 302, `sign-out on PostgreSQL answered ${out.status}`);
      jars.delete(MEMBERS[0]);
    }, "SQLite → PostgreSQL");

    const sumsPg = await step("rollback freeze: the PostgreSQL app read-only", async () => {
      await serve(pgUrl, true);
      await stillSignedIn(true);
      return checksums(pgUrl);
    }, "PostgreSQL → SQLite");

    const backUrl = `file:${path.join(dir, "rollback.db")}`;
    await step("reverse transfer PostgreSQL → a new SQLite file (db:transfer, verified)", async () => {
      await migrate(backUrl);
      const out = await operator("db-transfer", ["--from", pgUrl, "--to", backUrl]);
      check(/copied and verified .*committed\.$/m.test(out), `the reverse transfer did not commit:\n${out}`);
      check(JSON.stringify(await checksums(backUrl)) === JSON.stringify(sumsPg), "the rolled-back SQLite rows differ from PostgreSQL's");
    }, "PostgreSQL → SQLite");

    await step("rolled back: the app on SQLite again, members still signed in", async () => {
      await serve(backUrl);
      await stillSignedIn(false);
    }, "PostgreSQL → SQLite");
    return steps;
  } finally {
    await app?.stop();
    await mock?.stop();
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

function timeline(steps: Step[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = steps.map((st) => `${s(st.ms).padStart(8)}  ${st.freeze ? `[freeze ${st.freeze}] ` : ""}${st.name}`);
  const freezes = new Map<string, number>();
  for (const st of steps) if (st.freeze) freezes.set(st.freeze, (freezes.get(st.freeze) ?? 0) + st.ms);
  return [
    "timeline",
    ...lines,
    ...[...freezes].map(([which, ms]) => `write freeze ${which}: ${s(ms)} (read-only start → the other engine serving)`),
    `total ${s(steps.reduce((n, st) => n + st.ms, 0))}`,
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const steps = await rehearse();
    console.log(`\n${timeline(steps)}\nrehearsal passed: no row lost either way, every member still signed in`);
  } catch (e) {
    console.error(`\nrehearsal FAILED: ${e instanceof Failure ? e.message : ((e as Error).stack ?? String(e))}`);
    process.exitCode = 1;
  }
}
