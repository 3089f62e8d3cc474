// A Vitest reporter: at the end of a run, every skipped test with the reason it may skip
// (test-support/skips.ts); under CI, a skip that is not allowed there — unlisted, or on a machine that
// has what the test needs — fails the run. A test that silently does nothing is a failure, not a pass.
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { allowedSkip } from "./skips";

const ROOT = path.resolve(import.meta.dirname, "..");

export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    let refused = 0;
    for (const m of testModules) {
      const file = path.relative(ROOT, m.moduleId);
      for (const t of m.children.allTests()) {
        if (t.result().state !== "skipped") continue;
        const allowed = allowedSkip(file, t.fullName);
        const ok = !!allowed && allowed.mayskip();
        if (!ok) refused++;
        lines.push(
          `  ${ok ? "skipped" : "SKIPPED, NOT ALLOWED"}: ${file} > ${t.fullName} — ${
            allowed ? `needs ${allowed.reason}${ok ? "" : ", which this machine has"}` : "not listed in test-support/skips.ts"
          }`,
        );
      }
    }
    if (!lines.length) return;
    console.log(`\nskipped tests (${lines.length}):\n${lines.join("\n")}`);
    if (refused && process.env.CI) {
      console.log(`${refused} test(s) skipped that may not skip here (CI is set): failing the run`);
      process.exitCode = 1;
    }
  }
}
