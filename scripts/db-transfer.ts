/**
 * npm run db:transfer -- --from <DATABASE_URL> --to <DATABASE_URL> [--dry-run] [--batch-size N] [--truncate]
 *
 * Copies users, accounts, sessions and verification_tokens between SQLite and PostgreSQL (any direction)
 * in one target transaction, verified by row counts and checksums. Exit codes: 0 done, 1 failed (target
 * rolled back), 2 refused (nothing touched), 130 interrupted (target rolled back).
 * Runbook: docs/migrating-to-postgresql.md
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Refusal } from "./transfer/endpoint";
import { lineReporter, summary, terminalReporter } from "./transfer/report";
import { DEFAULT_BATCH_SIZE, Interrupted, transfer } from "./transfer/transfer";

const USAGE = "usage: npm run db:transfer -- --from <DATABASE_URL> --to <DATABASE_URL> [--dry-run] [--batch-size N] [--truncate]";

/** Hide the passwords of both URLs wherever a driver message might repeat them. */
function scrub(text: string, urls: string[]): string {
  let out = text;
  for (const u of urls) {
    const m = /^[a-z]+:\/\/[^:/?#@]*:([^@/?#]+)@/i.exec(u);
    // (a very short password would match ordinary text; labels are redacted already anyway)
    if (m) for (const p of new Set([m[1], safeDecode(m[1])])) if (p.length >= 4) out = out.split(p).join("***");
  }
  return out;
}
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        from: { type: "string" },
        to: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        "batch-size": { type: "string" },
        truncate: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    console.error(`db-transfer: ${(e as Error).message.split("\n")[0]}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.from || !args.to) {
    console.error(`db-transfer: --from and --to are required\n${USAGE}`);
    return 2;
  }
  const batchSize = args["batch-size"] === undefined ? DEFAULT_BATCH_SIZE : Number(args["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000) {
    console.error(`db-transfer: --batch-size must be a whole number from 1 to 1000000\n${USAGE}`);
    return 2;
  }
  const pause = env.DB_TRANSFER_PAUSE_AFTER_BATCHES ? Number(env.DB_TRANSFER_PAUSE_AFTER_BATCHES) : undefined;

  // Ctrl-C / SIGTERM: stop between batches and roll back; a second one exits at once (the target still
  // rolls back: PostgreSQL on disconnect, SQLite from its journal on next open).
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`\ndb-transfer: ${sig} — rolling back…\n`);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const reporter = process.stderr.isTTY ? terminalReporter() : lineReporter();
  try {
    const result = await transfer(
      { from: args.from, to: args.to, dryRun: args["dry-run"], batchSize, truncate: args.truncate, pauseAfterBatches: pause, signal: abort.signal },
      reporter,
    );
    console.log(summary(result));
    return 0;
  } catch (e) {
    const err = e as Error;
    const line = scrub((err.message || String(e)).split("\n")[0], [args.from, args.to]);
    if (e instanceof Refusal) {
      console.error(`db-transfer: refused: ${line}`);
      return 2;
    }
    if (e instanceof Interrupted) {
      console.error(`db-transfer: ${line}`);
      return 130;
    }
    const lost = /ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|terminating connection/i.test(`${(err as { code?: string }).code ?? ""} ${line}`);
    console.error(`db-transfer: failed, target rolled back: ${lost ? `lost the connection to a database (${line}); run it again` : line}`);
    if (env.DB_TRANSFER_DEBUG) console.error(scrub(err.stack ?? "", [args.from, args.to]));
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
