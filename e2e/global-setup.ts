// Local e2e runs: build the production bundle, create a fresh PostgreSQL database and migrate it with
// `prisma migrate deploy`, start the mock Google OIDC and the production server, publish their addresses
// to the workers through process.env, and undo all of it in the returned teardown.
// Staging runs (E2E_BASE_URL set) start nothing: they check that the app and its database answer, and
// afterwards delete the users this run created (E2E_KEEP_USERS=1 keeps them).
import { startTestMock } from "~test/mock-env";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDatabaseFromTemplate, dropDatabase, migrate, uniqueName, withDatabase } from "~test/pg-admin";
import { ensureTestPostgres } from "~test/postgres";
import { productionBuild } from "~test/build";
import { freePort, ROOT, startApp, type RunningApp } from "./support/launcher";
import { E2eDb, TEST_EMAIL_PATTERN } from "./support/db";
import { STAGING_BASE_URL } from "./support/mode";
import { e2eServerEnv } from "./support/server-env";

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (STAGING_BASE_URL) return stagingSetup(STAGING_BASE_URL);

  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    // Reverse order: servers before the database they hold connections to.
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error("e2e teardown:", e));
  };
  try {
    const postgres = await ensureTestPostgres();
    cleanups.push(() => postgres.stop());
    const admin = postgres.adminUrl;
    const runId = uniqueName("e2e");
    const buildDir = path.join(ROOT, ".cache/e2e-build", runId);

    await createDatabaseFromTemplate(admin, runId);
    cleanups.push(() => dropDatabase(admin, runId));
    cleanups.push(async () => rmSync(buildDir, { recursive: true, force: true }));
    const databaseUrl = withDatabase(admin, runId);
    await Promise.all([migrate(databaseUrl), productionBuild(buildDir)]);

    const mock = await startTestMock({ port: await freePort(), host: "127.0.0.1" });
    cleanups.push(() => mock.stop());

    // Workers and the policy-specific servers they start inherit these.
    Object.assign(process.env, await e2eServerEnv({ databaseUrl, buildDir, mockIssuer: mock.issuer }), {
      E2E_DATABASE_URL: databaseUrl,
      E2E_MOCK_OIDC_URL: mock.issuer,
    });

    const app: RunningApp = await startApp();
    cleanups.push(async () => {
      await app.stop();
      // kept beside the traces (CI uploads test-results/ when something failed)
      mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
      writeFileSync(path.join(ROOT, "test-results/server.log"), app.logs());
      if (process.env.E2E_SHOW_SERVER_LOGS) console.log(app.logs());
    });
    process.env.E2E_APP_URL = app.url;
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}

async function stagingSetup(baseUrl: string): Promise<() => Promise<void>> {
  if (!process.env.E2E_DATABASE_URL) {
    throw new Error("E2E_DATABASE_URL is required with E2E_BASE_URL: the journeys check what the staging database holds");
  }
  if (!process.env.SESSION_SECRET) {
    throw new Error("SESSION_SECRET is required with E2E_BASE_URL: minted sessions must be signed with the deployed app's secret");
  }
  const res = await fetch(baseUrl, { redirect: "manual" }).catch((e: Error) => {
    throw new Error(`E2E_BASE_URL ${baseUrl} is not reachable: ${e.message}`);
  });
  if (res.status >= 500) throw new Error(`E2E_BASE_URL ${baseUrl} answered HTTP ${res.status}`);
  const db = new E2eDb();
  const startedAt = new Date();
  try {
    await db.query("select 1 from users limit 1");
  } catch (e) {
    await db.close();
    throw new Error(`E2E_DATABASE_URL is not usable: ${(e as Error).message}`);
  }
  return async () => {
    try {
      if (process.env.E2E_KEEP_USERS === "1") return;
      // Only addresses the suite makes up (uniqueEmail), and only from this run; sessions and accounts
      // go with them (ON DELETE CASCADE).
      await db.query("delete from verification_tokens where identifier ~ $1", [TEST_EMAIL_PATTERN]);
      await db.query("delete from users where email ~ $1 and created_at >= $2", [TEST_EMAIL_PATTERN, startedAt]);
    } finally {
      await db.close();
    }
  };
}
