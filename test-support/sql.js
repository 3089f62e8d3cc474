// `node test-support/sql.js <url> <sql>` — runs SQL on a PostgreSQL database and prints the first column
// of each row (like `psql -tA -c`), for the shell checks, so they need Node only (no psql on the machine).
// `node test-support/sql.js --hold-lock <table> <url> <release-file>` takes an ACCESS EXCLUSIVE lock on the
// table, prints "locked", and keeps it until <release-file> exists (checked every 20 ms, at most 60 s):
// a request that needs the table blocks for exactly as long as the caller decides, not a fixed sleep.
import { existsSync } from "node:fs";
import pg from "pg";

const args = process.argv.slice(2);
const holdLock = args[0] === "--hold-lock";
const [table, url, release] = holdLock ? args.slice(1) : [undefined, ...args];
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
await client.connect();
try {
  if (holdLock) {
    await client.query("BEGIN");
    await client.query(`LOCK TABLE "${table.replaceAll('"', '""')}" IN ACCESS EXCLUSIVE MODE`);
    console.log("locked");
    const until = Date.now() + 60_000;
    while (!existsSync(release) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await client.query("COMMIT");
  } else {
    const result = await client.query(release ?? args[1]);
    for (const r of [result].flat().flatMap((x) => x.rows ?? [])) console.log(Object.values(r)[0]);
  }
} finally {
  await client.end();
}
