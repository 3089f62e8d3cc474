/**
 * npm run bench -- <name> [args…]   runs one benchmark
 * npm run bench                     runs every registered benchmark, in the order below
 *
 * Register a benchmark: write scripts/bench/<name>.ts exporting `run(args: string[]): Promise<void>`
 * (it prints its own figures; throw to fail) and add one line to BENCHMARKS.
 * Benchmarks print ratios measured within one run; the machine is shared and noisy.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const BENCHMARKS: Record<string, string> = {
  transfer: "./transfer.ts",
  "import-legacy": "./import-legacy.ts",
  auth: "./auth.ts",
  roundtrips: "./roundtrips.ts",
  coldstart: "./coldstart.ts",
  size: "./size.ts",
};

interface BenchModule {
  run(args: string[]): Promise<void>;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = name ? [name] : Object.keys(BENCHMARKS);
  for (const n of names) {
    const file = BENCHMARKS[n];
    if (!file) {
      console.error(`bench: unknown benchmark "${n}"; registered: ${Object.keys(BENCHMARKS).join(", ")}`);
      return 2;
    }
    console.log(`\n=== bench: ${n} ===`);
    const mod = (await import(pathToFileURL(path.resolve(import.meta.dirname, file)).href)) as BenchModule;
    await mod.run(args);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
