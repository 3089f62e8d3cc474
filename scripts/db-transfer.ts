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
import { batchSizeOf, pauseAfterBatchesOf, runTool, UsageError, type Tool } from "./transfer/cli";
import { summary } from "./transfer/report";
import { DEFAULT_BATCH_SIZE, transfer } from "./transfer/transfer";

interface Args {
  from?: string;
  to?: string;
  "dry-run": boolean;
  "batch-size"?: string;
  truncate: boolean;
}

export const dbTransfer: Tool<Args> = {
  name: "db-transfer",
  usage: "usage: npm run db:transfer -- --from <DATABASE_URL> --to <DATABASE_URL> [--dry-run] [--batch-size N] [--truncate]",
  options: {
    from: { type: "string" },
    to: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    "batch-size": { type: "string" },
    truncate: { type: "boolean", default: false },
  },
  async run(args, { signal, reporter, env }) {
    if (!args.from || !args.to) throw new UsageError("--from and --to are required");
    const batchSize = batchSizeOf(args["batch-size"], DEFAULT_BATCH_SIZE);
    const result = await transfer(
      { from: args.from, to: args.to, dryRun: args["dry-run"], batchSize, truncate: args.truncate, pauseAfterBatches: pauseAfterBatchesOf(env), signal },
      reporter,
    );
    return summary(result);
  },
};

export const main = (argv: string[], env: NodeJS.ProcessEnv = process.env) => runTool(dbTransfer, argv, env);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
