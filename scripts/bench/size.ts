/**
 * npm run bench -- size [--top N]
 *
 * Production node_modules sizes: the Dockerfile's build stage replayed on a copy of this checkout's
 * node_modules (scripts/prod-trees.ts) — `npm prune --omit=dev`, then scripts/prune-prod.sh (the migrate
 * target's tree, with the Prisma CLI) and scripts/prune-runtime.sh (the runtime target's, without) —
 * with the biggest packages, then `migrate deploy` from the migrate tree and a signed-in page served from
 * the runtime tree on both engines. Budget: runtime < 80 MB.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkTrees, du, makeTrees, MB, RUNTIME_BUDGET } from "../prod-trees";

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

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { top: { type: "string", default: "12" } } });
  const trees = await makeTrees();
  try {
    const { installed, pruned, migrate, runtime } = trees.sizes;
    const fmt = (b: number) => `${(b / MB).toFixed(1)} MB`;
    console.log(`\nnode_modules: ${fmt(installed)} installed → ${fmt(pruned)} after npm prune --omit=dev`);
    console.log(`  migrate target (prune:prod, with the Prisma CLI):    ${fmt(migrate)}`);
    console.log(`  runtime target (prune:runtime, no Prisma CLI):       **${fmt(runtime)}** ${runtime < RUNTIME_BUDGET ? "✓" : "✗"} (budget < ${RUNTIME_BUDGET / MB} MB)`);
    const inRuntime = new Map(await packages(path.join(trees.runtime, "node_modules")));
    console.log(`biggest packages of the migrate tree (top ${values.top}), migrate → runtime:`);
    for (const [name, size] of (await packages(path.join(trees.migrate, "node_modules"))).slice(0, Number(values.top))) {
      console.log(`  ${fmt(size).padStart(9)} → ${fmt(inRuntime.get(name) ?? 0).padStart(9)}  ${name}`);
    }
    console.log("production path with the pruned trees:");
    for (const line of await checkTrees(trees)) console.log(`  ${line}`);
    if (runtime >= RUNTIME_BUDGET) throw new Error(`runtime node_modules ${fmt(runtime)} is over the ${RUNTIME_BUDGET / MB} MB budget`);
  } finally {
    trees.dispose();
  }
}
