/**
 * npm test [-- stage …]   every check and test, in order; stops at the first stage that fails
 *
 * Stages (each is also its own npm script, `npm run test:<stage>`):
 *   static  schema check, client generation, migration check, typecheck, lint
 *   unit    pure tests, no database and no build
 *   db      database tests on SQLite and PostgreSQL
 *   http    the production server over HTTP, on both engines
 *   load    200 virtual users per engine, alone
 *   e2e     Playwright journeys in Chromium against the production build on PostgreSQL
 *   rehearse  the whole cut-over and its rollback, from one command (npm run rehearse)
 *   prod    the Dockerfile's steps without Docker
 * PostgreSQL: TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded one started here for the whole
 * run and removed at the end (test-support/postgres.ts); every stage gets it through TEST_DATABASE_URL.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureTestPostgres, type TestPostgres } from "../test-support/postgres";

export const STAGES = ["static", "unit", "db", "http", "load", "e2e", "rehearse", "prod"] as const;
type Stage = (typeof STAGES)[number];
const NEEDS_POSTGRES: readonly Stage[] = ["static", "db", "http", "load", "e2e", "rehearse", "prod"];

const ROOT = path.resolve(import.meta.dirname, "..");

function runStage(stage: Stage): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", `test:${stage}`], { cwd: ROOT, stdio: "inherit", env: process.env });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !(STAGES as readonly string[]).includes(a));
  if (unknown.length) {
    console.error(`npm test: unknown stage ${unknown.join(", ")}; stages: ${STAGES.join(", ")}`);
    return 2;
  }
  const stages = argv.length ? STAGES.filter((s) => argv.includes(s)) : [...STAGES];
  let postgres: TestPostgres | undefined;
  const times: [Stage, number, number][] = [];
  try {
    if (stages.some((s) => NEEDS_POSTGRES.includes(s))) postgres = await ensureTestPostgres((l) => console.log(`npm test: ${l}`));
    for (const stage of stages) {
      const t0 = performance.now();
      console.log(`\n== npm test: ${stage}`);
      const code = await runStage(stage);
      times.push([stage, code, performance.now() - t0]);
      if (code !== 0) break;
    }
  } finally {
    await postgres?.stop();
  }
  console.log(`\n== npm test: ${times.map(([s, code, ms]) => `${s} ${code === 0 ? "ok" : `FAILED (${code})`} ${Math.round(ms / 1000)} s`).join(" · ")}`);
  const failed = times.find(([, code]) => code !== 0);
  return failed ? failed[1] : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
