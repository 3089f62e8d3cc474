// The command-line shell both data tools share (db:transfer, db:import-legacy): argument parsing, Ctrl-C
// and SIGTERM, the progress reporter, one-line errors without passwords, and the exit codes
// 0 done · 1 failed (target rolled back) · 2 refused (nothing touched) · 130 interrupted (rolled back).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { Refusal } from "./endpoint";
import { lineReporter, terminalReporter } from "./report";
import { Interrupted, type Reporter } from "./transfer";

/** A mistake in the command line: printed with the usage, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface ToolContext {
  signal: AbortSignal;
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
}

export interface Tool<V> {
  /** "db-transfer": prefixes every message */
  name: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Runs the tool; returns the summary printed on stdout. Throws Refusal, Interrupted, UsageError or anything else. */
  run(values: V, context: ToolContext): Promise<string>;
}

/** Hide the passwords of the given URLs wherever a driver message might repeat them. */
export function scrub(text: string, urls: readonly (string | undefined)[]): string {
  let out = text;
  for (const u of urls) {
    const m = u ? /^[a-z]+:\/\/[^:/?#@]*:([^@/?#]+)@/i.exec(u) : null;
    // Whole words only, so a password that is an ordinary word ("postgres") hides itself but not
    // "postgresql://"; a very short one would match ordinary text, and labels are redacted already anyway.
    for (const p of m ? new Set([m[1], safeDecode(m[1])]) : []) {
      if (p.length < 4) continue;
      const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g"), "***");
    }
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

export async function runTool<V extends { from?: string; to?: string }>(tool: Tool<V>, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: V;
  try {
    values = parseArgs({ args: argv, options: { ...tool.options, help: { type: "boolean", short: "h", default: false } }, strict: true, allowPositionals: false })
      .values as unknown as V;
  } catch (e) {
    console.error(`${tool.name}: ${(e as Error).message.split("\n")[0]}\n${tool.usage}`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    console.log(tool.usage);
    return 0;
  }
  const urls = [values.from, values.to];

  // Ctrl-C / SIGTERM: stop between batches and roll back; a second one exits at once (the target still
  // rolls back: PostgreSQL on disconnect, SQLite from its journal on next open).
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`\n${tool.name}: ${sig} — rolling back…\n`);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const reporter = process.stderr.isTTY ? terminalReporter() : lineReporter();
  try {
    console.log(await tool.run(values, { signal: abort.signal, reporter, env }));
    return 0;
  } catch (e) {
    const err = e as Error;
    const line = scrub((err.message || String(e)).split("\n")[0], urls);
    if (e instanceof UsageError) {
      console.error(`${tool.name}: ${line}\n${tool.usage}`);
      return 2;
    }
    if (e instanceof Refusal) {
      console.error(`${tool.name}: refused: ${line}`);
      return 2;
    }
    if (e instanceof Interrupted) {
      console.error(`${tool.name}: ${line}`);
      return 130;
    }
    const lost = /ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|terminating connection/i.test(`${(err as { code?: string }).code ?? ""} ${line}`);
    console.error(`${tool.name}: failed, target rolled back: ${lost ? `lost the connection to a database (${line}); run it again` : line}`);
    if (env.DB_TRANSFER_DEBUG) console.error(scrub(err.stack ?? "", urls));
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** --batch-size as a number, or a UsageError. */
export function batchSizeOf(value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UsageError("--batch-size must be a whole number from 1 to 1000000");
  return n;
}

/** DB_TRANSFER_PAUSE_AFTER_BATCHES: the tests' hook to stop a run half-way (then kill or interrupt it). */
export const pauseAfterBatchesOf = (env: NodeJS.ProcessEnv) => (env.DB_TRANSFER_PAUSE_AFTER_BATCHES ? Number(env.DB_TRANSFER_PAUSE_AFTER_BATCHES) : undefined);
