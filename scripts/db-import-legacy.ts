/**
 * npm run db:import-legacy -- --from <URL> --to <URL> [--dry-run] [--report FILE.json] [--batch-size N]
 *
 * Brings the previous app's data (its Drizzle SQLite file or PostgreSQL database) into an empty, migrated
 * database of this project on either engine: one target transaction, verified by row counts and
 * checksums. Exit codes: 0 done, 1 failed (target rolled back), 2 refused (nothing written),
 * 130 interrupted (target rolled back). Mapping rules and runbook: docs/migrating-to-postgresql.md
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { importLegacy } from "./import-legacy/import";
import { importSummary } from "./import-legacy/report";
import { batchSizeOf, pauseAfterBatchesOf, runTool, UsageError, type Tool } from "./transfer/cli";
import { DEFAULT_BATCH_SIZE } from "./transfer/transfer";

interface Args {
  from?: string;
  to?: string;
  "dry-run": boolean;
  report?: string;
  "batch-size"?: string;
}

export const dbImportLegacy: Tool<Args> = {
  name: "db-import-legacy",
  usage: "usage: npm run db:import-legacy -- --from <previous app's DATABASE_URL> --to <DATABASE_URL> [--dry-run] [--report FILE.json] [--batch-size N]",
  options: {
    from: { type: "string" },
    to: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    report: { type: "string" },
    "batch-size": { type: "string" },
  },
  async run(args, { signal, reporter, env }) {
    if (!args.from || !args.to) throw new UsageError("--from and --to are required");
    if (args.report !== undefined) {
      // find out now, not after the commit, that the report cannot be written
      try {
        writeFileSync(args.report, "");
      } catch (e) {
        throw new UsageError(`cannot write --report ${JSON.stringify(args.report)}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    const batchSize = batchSizeOf(args["batch-size"], DEFAULT_BATCH_SIZE);
    const report = await importLegacy(
      { from: args.from, to: args.to, dryRun: args["dry-run"], batchSize, pauseAfterBatches: pauseAfterBatchesOf(env), signal },
      reporter,
    );
    if (args.report) writeFileSync(args.report, `${JSON.stringify(report, null, 2)}\n`);
    return importSummary(report) + (args.report ? `\nreport written to ${args.report}` : "");
  },
};

export const main = (argv: string[], env: NodeJS.ProcessEnv = process.env) => runTool(dbImportLegacy, argv, env);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
