/**
 * npm run bench -- coldstart [--runs N]
 *
 * Process start (spawn of `node server.js`) to the first 200 on /healthz, N times per engine against a
 * migrated database; prints median and worst. Goal: < 1 s.
 */
import { parseArgs } from "node:util";
import { ENGINES, freshDatabase, benchBuild, startApp } from "./app-server";

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: "string", default: "5" } } });
  const runs = Number(values.runs);
  await benchBuild();
  const rows: string[] = [];
  let slow = false;
  for (const provider of ENGINES) {
    const db = await freshDatabase(provider);
    try {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const app = await startApp({ DATABASE_URL: db.url }, 2);
        times.push(app.startMs);
        await app.stop();
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const worst = times.at(-1)!;
      if (median >= 1000) slow = true;
      rows.push(`| ${provider} | **${median.toFixed(0)}** ${median < 1000 ? "✓" : "✗"} | ${worst.toFixed(0)} | ${times.map((t) => t.toFixed(0)).join(", ")} |`);
    } finally {
      await db.dispose();
    }
  }
  console.log(`\ncold start: spawn of \`node server.js\` → first 200 on /healthz (ms, ${runs} runs per engine)`);
  console.log("| engine | median (goal < 1000) | worst | all runs |");
  console.log("|---|---|---|---|");
  for (const r of rows) console.log(r);
  if (slow) console.log("note: median cold start over 1 s on some engine");
}
