// Shared by the app benchmarks (auth, roundtrips, coldstart): a production build made once per run,
// fresh migrated databases per engine, the real `node server.js` on a loopback port, and a signed-in
// session through the real OAuth flow against the mock provider.
import { startTestMock } from "~test/mock-env";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROVIDERS, type Provider } from "~/db/provider";
import { adminUrl, createDatabaseFromTemplate, dropDatabase, ensurePostgres, migrate, uniqueName } from "~test/pg-admin";
import { productionBuild } from "~test/build";
import { launchServer, ROOT, type RunningServer } from "~test/launch-server";
import { testServerEnv } from "~test/mock-env";
import { type MockOidc } from "../mock-oidc";
import { signIn } from "~test/browserless";

export { ROOT };
export const ENGINES: readonly Provider[] = PROVIDERS;

let buildDir: string | undefined;
/** The production build of this benchmark run (made once). */
export async function benchBuild(): Promise<string> {
  if (buildDir) return buildDir;
  const dir = path.join(ROOT, ".cache/bench-build", String(process.pid));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return (buildDir = await productionBuild(dir));
}

/** A new database of that engine, migrated unless `migrated: false` (then empty: no tables). */
export async function freshDatabase(provider: Provider, { migrated = true } = {}): Promise<{ url: string; dispose: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "suzumina-bench-"));
    const url = `file:${path.join(dir, "bench.db")}`;
    if (migrated) await migrate(url);
    return { url, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = adminUrl();
  await ensurePostgres(admin);
  const name = uniqueName("bench");
  const url = await createDatabaseFromTemplate(admin, name);
  if (migrated) await migrate(url);
  return { url, dispose: () => dropDatabase(admin, name) };
}

export const BENCH_METRICS_TOKEN = "bench-only-metrics-token-0123456789";

/**
 * The environment every benchmarked server runs with (production, mock sign-in, quiet logs); the
 * production build of this run unless `env` names another SUZUMINA_BUILD_DIR.
 */
export async function benchEnv(env: Record<string, string>): Promise<Record<string, string>> {
  return {
    LOG_LEVEL: "warn",
    SUZUMINA_BUILD_DIR: env.SUZUMINA_BUILD_DIR ?? (await benchBuild()),
    ...(await testServerEnv()),
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    ...env,
  };
}

/**
 * Starts `node server.js` and polls /healthz until it answers 200; `startMs` is the cold start.
 * The build is made before the clock starts (it is not start-up time).
 */
export async function startApp(env: Record<string, string>, pollMs = 5, cwd = ROOT): Promise<RunningServer> {
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under a benchmark
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const base = await benchEnv(env);
  return launchServer((url) => ({ APP_URL: url, ...base }), { args: [...nodeArgs, "server.js"], cwd, ready: { path: "/healthz", status: 200 }, pollMs, timeoutMs: 20_000 });
}

/**
 * `remix-serve` (Remix's own server: Express, compression, static files, morgan log) on the same
 * production build, as the reference for what the build costs without our server's middleware.
 * It skips server.js's start-up hooks; it gets the same environment as startApp's.
 */
export async function startRemixServe(env: Record<string, string>): Promise<RunningServer> {
  const cli = path.join(ROOT, "node_modules/@remix-run/serve/dist/cli.js");
  const serverBuild = path.join(await benchBuild(), "server/index.js");
  const base = await benchEnv(env);
  return launchServer((url) => ({ APP_URL: url, ...base }), { args: [cli, serverBuild], ready: { path: "/bench/bare", status: 200 }, timeoutMs: 20_000 });
}

export interface Stack {
  provider: Provider;
  app: RunningServer;
  mock: MockOidc;
  /** Cookie header of a signed-in member */
  cookie: string;
  /** that member's profile path, /users/<id> */
  profile: string;
  close(): Promise<void>;
}

/** Database + mock provider + server + one signed-in member, for one engine. */
export async function startStack(provider: Provider): Promise<Stack> {
  const db = await freshDatabase(provider);
  const mock = await startTestMock({ port: 0 });
  const app = await startApp({ DATABASE_URL: db.url, OIDC_ISSUER: mock.issuer });
  const { jar } = await signIn(app.url, "bench-member@example.com");
  const cookie = jar.header();
  const profile = (await fetch(`${app.url}/login`, { redirect: "manual", headers: { cookie } })).headers.get("location")!;
  if (!profile?.startsWith("/users/")) throw new Error(`could not find the member's profile (${profile})`);
  return {
    provider,
    app,
    mock,
    cookie,
    profile,
    close: async () => {
      await app.stop();
      await mock.stop();
      await db.dispose();
    },
  };
}

/** Total database statements the server has run so far (Prisma query events, via /metrics). */
export async function queriesSoFar(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } })).text();
  let total = 0;
  for (const m of text.matchAll(/^db_query_duration_seconds_count(?:\{[^}]*\})? (\d+(?:\.\d+)?)/gm)) total += Number(m[1]);
  return total;
}
