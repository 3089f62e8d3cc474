/**
 * npm run bench -- coldstart [--runs N]
 *
 * Process start (spawn of `node server.js`) to the first 200 on /healthz, N times per engine against a
 * migrated database, from the runtime image's tree (scripts/prod-trees.ts: pruned node_modules, no
 * Prisma CLI) and, for comparison in the same run, from this checkout; prints medians, worst runs and
 * the ratio runtime tree / checkout. Goal: runtime median < 500 ms.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { makeTrees } from "../prod-trees";
import { benchBuild, ENGINES, freshDatabase, ROOT, startApp } from "./app-server";

const GOAL_MS = 500;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: "string", default: "5" } } });
  const runs = Number(values.runs);
  const trees = await makeTrees();
  const places = { runtime: { cwd: trees.runtime, build: path.join(trees.runtime, "build") }, checkout: { cwd: ROOT, build: await benchBuild() } };
  const rows: string[] = [];
  let slow = false;
  try {
    for (const provider of ENGINES) {
      const db = await freshDatabase(provider);
      try {
        const times = { runtime: [] as number[], checkout: [] as number[] };
        // alternate the two so both see the same machine load
        for (let i = 0; i < runs; i++) {
          for (const [name, p] of Object.entries(places) as [keyof typeof places, (typeof places)["runtime"]][]) {
            const app = await startApp({ DATABASE_URL: db.url, SUZUMINA_BUILD_DIR: p.build }, 2, p.cwd);
            times[name].push(app.startMs);
            await app.stop();
          }
        }
        const [rt, co] = [median(times.runtime), median(times.checkout)];
        if (rt >= GOAL_MS) slow = true;
        const all = times.runtime.map((t) => t.toFixed(0)).join(", ");
        rows.push(`| ${provider} | **${rt.toFixed(0)}** ${rt < GOAL_MS ? "✓" : "✗"} | ${Math.max(...times.runtime).toFixed(0)} | ${all} | ${co.toFixed(0)} | ${(rt / co).toFixed(2)} |`);
      } finally {
        await db.dispose();
      }
    }
  } finally {
    trees.dispose();
  }
  console.log(`\ncold start: spawn of \`node server.js\` → first 200 on /healthz (ms, ${runs} runs per engine and tree)`);
  console.log(`| engine | runtime tree median (goal < ${GOAL_MS}) | worst | all runs | checkout median | ratio runtime / checkout |`);
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  if (slow) console.log(`note: median cold start from the runtime tree over ${GOAL_MS} ms on some engine`);
}
