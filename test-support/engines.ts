// Runs a block of tests once per engine, each against its own freshly migrated database:
//   describeEachEngine("users", (t) => { it("…", async () => { await t().db.user.count() }) })
// The app's database singleton points at that database while the block runs, so model code is
// exercised exactly as in production.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { createDatabase, setDatabase, type Database, type Db } from "~/db/client.server";
import { parseEnv } from "~/env.server";
import { PROVIDERS, type Provider } from "~/db/provider";
import { createDatabaseFromTemplate, dropDatabase, uniqueName } from "./pg-admin";

export const ENGINES: readonly Provider[] = PROVIDERS;

export interface EngineContext {
  provider: Provider;
  url: string;
  database: Database;
  db: Db;
  /** Deletes every row (children first); call in beforeEach when tests must not see each other. */
  reset(): Promise<void>;
}

/** A new, migrated, empty database of that engine; returns its URL and a disposer. */
export async function freshDatabaseUrl(provider: Provider): Promise<{ url: string; dispose: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "suzumina-db-"));
    const file = path.join(dir, "test.db");
    copyFileSync(inject("sqliteTemplate"), file);
    return { url: `file:${file}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = inject("pgAdminUrl");
  const name = uniqueName(inject("runId").replace(/^suz_/, ""));
  const url = await createDatabaseFromTemplate(admin, name, inject("pgTemplateDb"));
  return { url, dispose: () => dropDatabase(admin, name) };
}

export async function openTestDatabase(provider: Provider, url: string): Promise<Database> {
  return createDatabase({ ...parseEnv({ ...process.env, DATABASE_URL: url }), DATABASE_URL: url, DATABASE_PROVIDER: provider });
}

export function describeEachEngine(name: string, body: (ctx: () => EngineContext) => void, engines = ENGINES) {
  for (const provider of engines) {
    describe(`${name} [${provider}]`, () => {
      let ctx: EngineContext | undefined;
      let dispose: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const fresh = await freshDatabaseUrl(provider);
        dispose = fresh.dispose;
        const database = await openTestDatabase(provider, fresh.url);
        setDatabase(database);
        ctx = {
          provider,
          url: fresh.url,
          database,
          db: database.client,
          reset: async () => {
            const c = database.client;
            await c.session.deleteMany();
            await c.account.deleteMany();
            await c.verificationToken.deleteMany();
            await c.user.deleteMany();
          },
        };
      });
      afterAll(async () => {
        setDatabase(undefined);
        await ctx?.database.close();
        await dispose?.();
      });
      body(() => {
        if (!ctx) throw new Error("engine context used outside a test");
        return ctx;
      });
    });
  }
}
