/**
 * npm run bench -- roundtrips [--requests N]
 *
 * Database statements per authenticated page request, counted by the server itself (Prisma query
 * events → db_query_duration_seconds_count on /metrics), on SQLite and on PostgreSQL: N sequential
 * requests of a signed-in member's profile page, and of the bare page for contrast. Goal: 1.
 */
import { parseArgs } from "node:util";
import { ENGINES, queriesSoFar, startStack } from "./app-server";

async function perRequest(url: string, n: number, headers: Record<string, string>, base: string): Promise<number> {
  const before = await queriesSoFar(base);
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { headers });
    await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  }
  return ((await queriesSoFar(base)) - before) / n;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { requests: { type: "string", default: "200" } } });
  const n = Number(values.requests);
  const rows: string[] = [];
  let over = false;
  for (const provider of ENGINES) {
    const stack = await startStack(provider);
    try {
      const base = stack.app.url;
      await perRequest(`${base}${stack.profile}`, 5, { cookie: stack.cookie }, base); // warm-up
      const auth = await perRequest(`${base}${stack.profile}`, n, { cookie: stack.cookie }, base);
      const landing = await perRequest(`${base}/`, n, { cookie: stack.cookie }, base);
      const bare = await perRequest(`${base}/bench/bare`, n, {}, base);
      if (auth > 1) over = true;
      rows.push(`| ${provider} | **${auth.toFixed(2)}** ${auth <= 1 ? "✓" : "✗"} | ${landing.toFixed(2)} | ${bare.toFixed(2)} |`);
    } finally {
      await stack.close();
    }
  }
  console.log(`\ndatabase statements per request (${n} sequential requests each, counted from the server's query events)`);
  console.log("| engine | signed-in profile page (goal 1) | signed-in landing page (session + member count) | bare page, no cookie |");
  console.log("|---|---|---|---|");
  for (const r of rows) console.log(r);
  if (over) console.log("note: more than one statement per authenticated request on some engine");
}
