/**
 * npm run bench -- auth [--duration S] [--rounds R] [--connections N]
 *
 * A signed-in member's profile page (session lookup + render) against /bench/bare (same server, same
 * layout, no database), with autocannon on loopback, on SQLite and on PostgreSQL. Prints req/s,
 * p50/p99 latency and the ratio authenticated/bare. Goal: ratio ≥ 0.8, p99 < 30 ms at 10 connections.
 * Bare and authenticated runs alternate (R rounds of S seconds each) so machine noise hits both alike.
 * Then, for scale, the bare page on our server against the same build under `remix-serve`.
 */
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { ENGINES, freshDatabase, startApp, startRemixServe, startStack } from "./app-server";

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, opts: { connections: number; duration: number; headers?: Record<string, string> }): Promise<Run> {
  const r = await autocannon({ url, connections: opts.connections, duration: opts.duration, headers: opts.headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

function mean(runs: Run[]): Run {
  const avg = (k: keyof Run) => runs.reduce((s, r) => s + r[k], 0) / runs.length;
  return { rps: avg("rps"), p50: avg("p50"), p99: avg("p99"), non2xx: runs.reduce((s, r) => s + r.non2xx, 0), errors: runs.reduce((s, r) => s + r.errors, 0) };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { duration: { type: "string", default: "5" }, rounds: { type: "string", default: "4" }, connections: { type: "string", default: "10" } } });
  const duration = Number(values.duration);
  const rounds = Number(values.rounds);
  const connections = Number(values.connections);
  const rows: string[] = [];
  let failed = false;
  for (const provider of ENGINES) {
    const stack = await startStack(provider);
    try {
      const bareUrl = `${stack.app.url}/bench/bare`;
      const authUrl = `${stack.app.url}${stack.profile}`;
      const authHeaders = { cookie: stack.cookie };
      // sanity: the authenticated page really is the signed-in profile
      const page = await (await fetch(authUrl, { headers: authHeaders })).text();
      if (!page.includes('data-testid="profile-email"')) throw new Error("the profile page did not render for the signed-in member");
      // warm-up (JIT, Prisma's query compiler, pool)
      await load(bareUrl, { connections, duration: 2 });
      await load(authUrl, { connections, duration: 2, headers: authHeaders });
      const bare: Run[] = [];
      const auth: Run[] = [];
      for (let i = 0; i < rounds; i++) {
        bare.push(await load(bareUrl, { connections, duration }));
        auth.push(await load(authUrl, { connections, duration, headers: authHeaders }));
      }
      const b = mean(bare);
      const a = mean(auth);
      const ratio = a.rps / b.rps;
      if (a.non2xx + a.errors + b.non2xx + b.errors > 0) failed = true;
      rows.push(
        `| ${provider} | ${b.rps.toFixed(0)} | ${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} | ${a.rps.toFixed(0)} | ${a.p50.toFixed(1)} / ${a.p99.toFixed(1)} | **${ratio.toFixed(2)}** ${ratio >= 0.8 ? "✓" : "✗"} | ${a.p99 < 30 ? "✓" : "✗"} | ${a.non2xx + a.errors + b.non2xx + b.errors} |`,
      );
    } finally {
      await stack.close();
    }
  }
  console.log(`\nautocannon, ${connections} connections, ${duration} s × ${rounds} per page (alternating), loopback, NODE_ENV=production`);
  console.log("| engine | bare req/s | bare p50 / p99 ms | profile req/s | profile p50 / p99 ms | ratio (goal ≥ 0.8) | p99 < 30 ms | errors |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  await reference({ connections, duration, rounds: Math.min(rounds, 3) });
  if (failed) throw new Error("some requests failed (non-2xx or errors): see the table");
}

/** Our server (logs, metrics, security headers, guards) against remix-serve, same build, bare page. */
async function reference(o: { connections: number; duration: number; rounds: number }): Promise<void> {
  const db = await freshDatabase("sqlite");
  const ours = await startApp({ DATABASE_URL: db.url });
  const theirs = await startRemixServe({ DATABASE_URL: db.url });
  try {
    const pages = { ours: `${ours.url}/bench/bare`, remixServe: `${theirs.url}/bench/bare` };
    for (const url of Object.values(pages)) await load(url, { connections: o.connections, duration: 2 });
    const runs: Record<keyof typeof pages, Run[]> = { ours: [], remixServe: [] };
    for (let i = 0; i < o.rounds; i++) {
      runs.ours.push(await load(pages.ours, o));
      runs.remixServe.push(await load(pages.remixServe, o));
    }
    const a = mean(runs.ours);
    const b = mean(runs.remixServe);
    console.log(`\nfor scale, the bare page, same production build (${o.duration} s × ${o.rounds} each, alternating):`);
    console.log("| server | req/s | p50 / p99 ms |");
    console.log("|---|---|---|");
    console.log(`| node server.js (ours) | ${a.rps.toFixed(0)} | ${a.p50.toFixed(1)} / ${a.p99.toFixed(1)} |`);
    console.log(`| remix-serve | ${b.rps.toFixed(0)} | ${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} |`);
    console.log(`ours / remix-serve: ${(a.rps / b.rps).toFixed(2)}`);
  } finally {
    await ours.stop();
    await theirs.stop();
    await db.dispose();
  }
}
