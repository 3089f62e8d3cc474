/**
 * The production images' two trees outside Docker — `migrate` (with the Prisma CLI) and `runtime`
 * (without) — laid out as the Dockerfile's targets copy them, and the proof that production works from
 * them: migrations from the migrate tree, the server and the operator commands from the runtime tree.
 *
 *   npm run bench -- size | coldstart   makeTrees(): from this checkout's node_modules and a production build
 *   npm run test:prod                   scripts/prod-path-check.sh makes the trees from a clean `npm ci`, then
 *                                       `node --import tsx scripts/prod-trees.ts <migrate dir> <runtime dir>`
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, sqlitePath, type Provider } from "~/db/provider";
import { signIn } from "~test/browserless";
import { startTestMock } from "~test/mock-env";
import { benchBuild, benchEnv, ENGINES, freshDatabase, ROOT, startApp } from "./bench/app-server";
import { compileOperatorScripts } from "./compile-scripts";
import { targetCopies } from "./dockerfile";
import { formatSqliteDateTime } from "./transfer/values";

const exec = promisify(execFile);
export const MB = 1024 * 1024;
/** The runtime image's node_modules must stay under this (issue 15). */
export const RUNTIME_BUDGET = 80 * MB;

/** Bytes on disk of a folder (du -sb: apparent sizes, the same figure an image layer stores). */
export async function du(dir: string): Promise<number> {
  const { stdout } = await exec("du", ["-sb", dir]);
  return Number(stdout.split("\t")[0]);
}

export interface Trees {
  migrate: string;
  runtime: string;
  /** node_modules bytes: as installed, after `npm prune --omit=dev`, and of each target */
  sizes: { installed: number; pruned: number; migrate: number; runtime: number };
  dispose(): void;
}

/**
 * The Dockerfile's build stage replayed on a copy of this checkout's node_modules (npm prune --omit=dev,
 * prune:prod; prune:runtime for runtime-deps), then each target's COPY --from=… laid out in a folder.
 */
export async function makeTrees(): Promise<Trees> {
  const root = mkdtempSync(path.join(tmpdir(), "suzumina-trees-"));
  const stage = path.join(root, "build-stage");
  const runtimeDeps = path.join(root, "runtime-deps");
  mkdirSync(stage);
  for (const f of ["package.json", "package-lock.json"]) cpSync(path.join(ROOT, f), path.join(stage, f));
  // a real copy (not hard links, not a symlink to a shared node_modules): npm prunes it in place
  await exec("cp", ["-a", realpathSync(path.join(ROOT, "node_modules")), path.join(stage, "node_modules")]);
  const installed = await du(path.join(stage, "node_modules"));
  await exec("npm", ["prune", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: stage, maxBuffer: 16 << 20 });
  const pruned = await du(path.join(stage, "node_modules"));
  await exec("bash", [path.join(ROOT, "scripts/prune-prod.sh"), path.join(stage, "node_modules")]);
  await exec("cp", ["-a", stage, runtimeDeps]);
  await exec("bash", [path.join(ROOT, "scripts/prune-runtime.sh"), runtimeDeps], { maxBuffer: 16 << 20 });

  const build = path.join(stage, "build");
  cpSync(await benchBuild(), build, { recursive: true });
  await compileOperatorScripts(path.join(build, "scripts"));
  const source = (from: string, p: string) => {
    if (from === "runtime-deps") return path.join(runtimeDeps, p);
    if (from === "build") return ["node_modules", "build"].includes(p) ? path.join(stage, p) : path.join(ROOT, p);
    throw new Error(`Dockerfile copies from an unknown stage ${from}`);
  };
  const layout = (target: string) => {
    const dir = path.join(root, target);
    for (const { from, sources } of targetCopies(target)) {
      for (const p of sources) cpSync(source(from, p), path.join(dir, p), { recursive: true, verbatimSymlinks: true });
    }
    mkdirSync(path.join(dir, "data"), { recursive: true });
    return dir;
  };
  const trees = { migrate: layout("migrate"), runtime: layout("runtime") };
  return {
    ...trees,
    sizes: { installed, pruned, migrate: await du(path.join(trees.migrate, "node_modules")), runtime: await du(path.join(trees.runtime, "node_modules")) },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** `npm run <script> -- args` in a tree, as an operator runs it in the image (NODE_ENV=production). */
async function npmRun(dir: string, script: string, args: string[], env: Record<string, string>): Promise<string> {
  try {
    const { stdout, stderr } = await exec("npm", ["run", "--silent", script, "--", ...args], {
      cwd: dir,
      env: { ...process.env, ...env, NODE_ENV: "production" },
      maxBuffer: 16 << 20,
    });
    return stdout + stderr;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`npm run ${script} in ${path.basename(dir)} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

/** A few statements on either engine: $1, $2 … placeholders; Date values stored the way Prisma stores them. */
function sql(url: string) {
  if (providerOf(url) === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    const connected = client.connect();
    return {
      all: async (text: string, params: unknown[] = []) => (await connected, (await client.query(text, params)).rows as Record<string, unknown>[]),
      close: () => client.end(),
    };
  }
  const db = new Database(sqlitePath(url));
  return {
    all: async (text: string, params: unknown[] = []) => {
      const stmt = db.prepare(text.replace(/\$\d+/g, "?"));
      const values = params.map((p) => (p instanceof Date ? formatSqliteDateTime(p.getTime()) : p));
      return stmt.reader ? (stmt.all(...values) as Record<string, unknown>[]) : (stmt.run(...values), []);
    },
    close: async () => void db.close(),
  };
}

async function count(url: string, table: string): Promise<number> {
  const db = sql(url);
  try {
    return Number((await db.all(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  } finally {
    await db.close();
  }
}

/** Expired and live sessions beside the signed-in one; `db:purge-sessions` must delete exactly the expired. */
async function checkPurge(url: string, email: string, run: () => Promise<string>): Promise<void> {
  const db = sql(url);
  try {
    const [user] = await db.all("SELECT id FROM users WHERE email = $1", [email]);
    const day = 86_400_000;
    const rows: [string, number][] = [["expired", -3], ["expired", -2], ["expired", -1], ["live", 1], ["live", 2]];
    for (const [kind, days] of rows) {
      await db.all("INSERT INTO sessions (id, user_id, session_token, expires) VALUES ($1, $2, $3, $4)", [
        `prod-trees-${kind}-${days}`,
        user!.id,
        randomBytes(32).toString("hex"),
        new Date(Date.now() + days * day),
      ]);
    }
    const before = (await db.all("SELECT id FROM sessions")).map((r) => String(r.id));
    const out = await run();
    const after = (await db.all("SELECT id FROM sessions")).map((r) => String(r.id));
    const expected = before.filter((id) => !id.startsWith("prod-trees-expired-"));
    if (after.sort().join() !== expected.sort().join()) throw new Error(`db:purge-sessions left ${after.join(", ")}; expected ${expected.join(", ")} (${out.trim()})`);
    if (!/purged 3 expired sessions/.test(out)) throw new Error(`db:purge-sessions said: ${out.trim()}`);
  } finally {
    await db.close();
  }
}

/** `db:backup` of the live SQLite file while sign-ins keep writing: a consistent, complete copy. */
async function checkBackup(url: string, appUrl: string, run: (file: string) => Promise<string>): Promise<string> {
  const file = path.join(path.dirname(sqlitePath(url)), "backup.db");
  const low = await count(url, "users");
  let writing = true;
  let written = 0;
  const writer = (async () => {
    while (writing) await signIn(appUrl, `backup-writer-${written++}@example.com`);
  })();
  let out: string;
  try {
    out = await run(file);
  } finally {
    writing = false;
    await writer;
  }
  const high = await count(url, "users");
  if (!/integrity ok/.test(out)) throw new Error(`db:backup said: ${out.trim()}`);
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma("integrity_check", { simple: true });
    const users = Number(copy.prepare("SELECT count(*) FROM users").pluck().get());
    if (integrity !== "ok") throw new Error(`backup integrity_check: ${String(integrity)}`);
    if (users < low || users > high) throw new Error(`backup holds ${users} users; the database had ${low}…${high} during the backup`);
    return `db:backup ✓ (${users} users, integrity ok, ${written} sign-ins meanwhile)`;
  } finally {
    copy.close();
  }
}

/** Every package a compiled operator script imports loads from the runtime tree (new scripts included). */
async function checkOperatorImports(runtime: string): Promise<string[]> {
  const dir = path.join(runtime, "build/scripts");
  const names = readdirSync(dir).filter((f) => f.endsWith(".js"));
  const specs = new Set<string>();
  for (const f of names) {
    const code = readFileSync(path.join(dir, f), "utf8");
    for (const m of code.matchAll(/\bimport\s*(?:[^"'`;]*?\bfrom\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      if (!spec.startsWith(".") && !spec.startsWith("node:")) specs.add(spec);
    }
  }
  const loader = "for (const s of JSON.parse(process.argv[1])) await import(s).catch((e) => { console.error(`${s}: ${e.message}`); process.exitCode = 1; });";
  await exec(process.execPath, ["--input-type=module", "-e", loader, JSON.stringify([...specs])], { cwd: runtime }).catch((e: { stderr?: string }) => {
    throw new Error(`operator scripts import packages the runtime tree lacks:\n${e.stderr}`);
  });
  return names.map((f) => f.replace(/\.js$/, ""));
}

/**
 * On each engine: `npm run db:deploy` from the migrate tree on an empty database, then the runtime tree
 * serves a signed-in page; with `operators`, also db:purge-sessions (both engines), db:backup (SQLite,
 * while the server serves) and db:transfer (SQLite → a PostgreSQL database the migrate tree migrated).
 */
export async function checkTrees(trees: { migrate: string; runtime: string }, { operators = false } = {}): Promise<string[]> {
  const results: string[] = [];
  const mock = await startTestMock({ port: 0 });
  const keep: Record<Provider, { url: string; dispose: () => Promise<void> }[]> = { sqlite: [], postgresql: [] };
  try {
    for (const provider of ENGINES) {
      const db = await freshDatabase(provider, { migrated: false }); // empty: the migrate tree creates every table
      keep[provider].push(db);
      const env = await benchEnv({ DATABASE_URL: db.url, OIDC_ISSUER: mock.issuer, SUZUMINA_BUILD_DIR: path.join(trees.runtime, "build") });
      await npmRun(trees.migrate, "db:deploy", [], env);
      const line = [`${provider}: db:deploy (migrate tree) ✓`];
      const app = await startApp(env, 5, trees.runtime);
      try {
        const email = `prod-trees-${provider}@example.com`;
        const { jar } = await signIn(app.url, email);
        const profilePage = async () => {
          const me = (await fetch(`${app.url}/login`, { redirect: "manual", headers: { cookie: jar.header() } })).headers.get("location");
          const page = await fetch(`${app.url}${me}`, { headers: { cookie: jar.header() } });
          if (page.status !== 200 || !me?.startsWith("/users/")) throw new Error(`signed-in profile page ${me} answered ${page.status}`);
        };
        await profilePage();
        line.push("sign-in + profile page (runtime tree) ✓");
        if (operators) {
          await checkPurge(db.url, email, () => npmRun(trees.runtime, "db:purge-sessions", [], env));
          await profilePage(); // the live session survived
          line.push("db:purge-sessions ✓ (3 expired gone, live kept)");
          if (provider === "sqlite") line.push(await checkBackup(db.url, app.url, (file) => npmRun(trees.runtime, "db:backup", [file], env)));
        }
      } finally {
        await app.stop();
      }
      results.push(line.join(", "));
    }
    if (operators) {
      const from = keep.sqlite[0]!.url;
      const to = await freshDatabase("postgresql", { migrated: false });
      keep.postgresql.push(to);
      const env = await benchEnv({ DATABASE_URL: to.url, SUZUMINA_BUILD_DIR: path.join(trees.runtime, "build") });
      await npmRun(trees.migrate, "db:deploy", [], env);
      await npmRun(trees.runtime, "db:transfer", ["--from", from, "--to", to.url], env);
      for (const table of ["users", "accounts", "sessions"]) {
        const [a, b] = [await count(from, table), await count(to.url, table)];
        if (a !== b || a === 0) throw new Error(`db:transfer: ${table} has ${a} rows in SQLite, ${b} in PostgreSQL`);
      }
      results.push(`db:transfer SQLite → PostgreSQL (runtime tree) ✓, row counts equal`);
      results.push(`operator scripts load every package they import from the runtime tree: ${(await checkOperatorImports(trees.runtime)).join(", ")} ✓`);
    }
  } finally {
    await mock.stop();
    for (const db of [...keep.sqlite, ...keep.postgresql]) await db.dispose();
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [migrate, runtime] = process.argv.slice(2).map((d) => path.resolve(d));
  if (!migrate || !runtime) {
    console.error("usage: node --import tsx scripts/prod-trees.ts <migrate tree> <runtime tree>");
    process.exit(64);
  }
  for (const line of await checkTrees({ migrate, runtime }, { operators: true })) console.log(line);
}
