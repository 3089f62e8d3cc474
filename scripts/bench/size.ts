/**
 * npm run bench -- size [--top N]
 *
 * Production node_modules size: copies package.json, package-lock.json and node_modules to a temp
 * folder, runs `npm prune --omit=dev` there (what the Dockerfile does), and measures the result, then
 * lists the biggest packages and what the extra prune (scripts/prune-prod.sh, also run by the
 * Dockerfile) removes. Goal: < 150 MB.
 */
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { signIn } from "~test/browserless";
import { startMockOidc } from "../mock-oidc";
import { ENGINES, freshDatabase, benchBuild, ROOT, startApp } from "./app-server";

const exec = promisify(execFile);
const MB = 1024 * 1024;

/** Bytes on disk of a folder (du -sb: apparent sizes, the same figure an image layer stores). */
async function du(dir: string): Promise<number> {
  const { stdout } = await exec("du", ["-sb", dir]);
  return Number(stdout.split("\t")[0]);
}

/** Top-level packages (scoped ones as @scope/name) with their sizes. */
async function packages(nodeModules: string): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith(".")) continue;
    const p = path.join(nodeModules, name);
    if (!statSync(p).isDirectory()) continue;
    if (name.startsWith("@")) for (const sub of readdirSync(p)) out.push([`${name}/${sub}`, await du(path.join(p, sub))]);
    else out.push([name, await du(p)]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}

/**
 * The runtime image's files on top of a pruned node_modules, then what production does with them:
 * `prisma migrate deploy` and `node server.js` serving a signed-in page, on both engines.
 */
async function verifyRuntime(dir: string): Promise<string[]> {
  const build = await benchBuild();
  cpSync(build, path.join(dir, "build"), { recursive: true });
  for (const f of ["public", "prisma"]) cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  mkdirSync(path.join(dir, "app/db"), { recursive: true });
  for (const f of ["server.js", "prisma.config.ts", "app/db/provider.ts"]) copyFileSync(path.join(ROOT, f), path.join(dir, f));
  const results: string[] = [];
  const mock = await startMockOidc({ port: 0 });
  try {
    for (const provider of ENGINES) {
      const db = await freshDatabase(provider, { migrated: false }); // empty: the pruned CLI creates every table
      try {
        await exec(process.execPath, [path.join(dir, "node_modules/prisma/build/index.js"), "migrate", "deploy"], { cwd: dir, env: { ...process.env, DATABASE_URL: db.url } });
        const app = await startApp({ DATABASE_URL: db.url, MOCK_OIDC_URL: mock.issuer, SUZUMINA_BUILD_DIR: path.join(dir, "build") }, 5, dir);
        try {
          const { jar } = await signIn(app.url, "size-check@example.com");
          const me = (await fetch(`${app.url}/login`, { redirect: "manual", headers: { cookie: jar.header() } })).headers.get("location");
          const page = await fetch(`${app.url}${me}`, { headers: { cookie: jar.header() } });
          if (page.status !== 200) throw new Error(`profile page answered ${page.status}`);
          results.push(`${provider}: migrate deploy ✓, sign-in + profile page ✓`);
        } finally {
          await app.stop();
        }
      } finally {
        await db.dispose();
      }
    }
  } finally {
    await mock.stop();
  }
  return results;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { top: { type: "string", default: "12" } } });
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-size-"));
  try {
    for (const f of ["package.json", "package-lock.json"]) copyFileSync(path.join(ROOT, f), path.join(dir, f));
    // a real copy (not hard links): npm rewrites files such as node_modules/.package-lock.json in place
    await exec("cp", ["-a", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")]);
    const nm = path.join(dir, "node_modules");
    const all = await du(nm);
    await exec("npm", ["prune", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, maxBuffer: 16 << 20 });
    const pruned = await du(nm);
    const before = await packages(nm);
    await exec("bash", [path.join(ROOT, "scripts/prune-prod.sh"), nm]);
    const extra = await du(nm);
    const after = new Map(await packages(nm));
    const fmt = (b: number) => `${(b / MB).toFixed(1)} MB`;
    console.log(`\nnode_modules: ${fmt(all)} installed → ${fmt(pruned)} after npm prune --omit=dev → **${fmt(extra)}** after scripts/prune-prod.sh ${extra < 150 * MB ? "✓" : "✗"} (goal < 150 MB)`);
    console.log(`biggest production packages (top ${values.top}), after npm prune → after prune-prod.sh:`);
    for (const [name, size] of before.slice(0, Number(values.top))) console.log(`  ${fmt(size).padStart(9)} → ${fmt(after.get(name) ?? 0).padStart(9)}  ${name}`);
    console.log("runtime check with the pruned tree:");
    for (const line of await verifyRuntime(dir)) console.log(`  ${line}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
