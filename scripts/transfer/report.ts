// How the transfer looks to the operator: a progress bar with rows/s on a terminal, plain lines when
// the output is a file or a CI log, and a summary table at the end.
import cliProgress from "cli-progress";
import type { Reporter, TransferResult } from "./transfer";

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
export const rate = (rows: number, ms: number) => (ms > 0 ? (rows * 1000) / ms : 0);

export function terminalReporter(stream: NodeJS.WriteStream = process.stderr): Reporter {
  let bar: cliProgress.SingleBar | undefined;
  let t0 = 0;
  return {
    tableStart(table, total) {
      t0 = performance.now();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${table.padEnd(20)} {bar} {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), 0, { speed: "0" });
    },
    tableProgress(_table, done) {
      bar?.update(done, { speed: fmt(rate(done, performance.now() - t0)) });
    },
    tableEnd(_table, done, ms) {
      bar?.setTotal(Math.max(done, 1));
      bar?.update(done, { speed: fmt(rate(done, ms)) });
      bar?.stop();
      bar = undefined;
    },
    phase(text) {
      stream.write(`${text}…\n`);
    },
    done() {
      bar?.stop();
    },
  };
}

/** Plain lines (not a TTY): one per table when it ends, and every few seconds on a long table. */
export function lineReporter(stream: NodeJS.WritableStream = process.stderr, everyMs = 5000): Reporter {
  let t0 = 0;
  let last = 0;
  let total = 0;
  return {
    tableStart(table, n) {
      t0 = last = performance.now();
      total = n;
      stream.write(`${table}: copying ${fmt(n)} rows\n`);
    },
    tableProgress(table, done) {
      const now = performance.now();
      if (now - last < everyMs) return;
      last = now;
      stream.write(`${table}: ${fmt(done)}/${fmt(total)} rows (${fmt(rate(done, now - t0))} rows/s)\n`);
    },
    tableEnd(table, done, ms) {
      stream.write(`${table}: ${fmt(done)} rows in ${(ms / 1000).toFixed(1)} s (${fmt(rate(done, ms))} rows/s)\n`);
    },
    phase(text) {
      stream.write(`${text}…\n`);
    },
    done() {},
  };
}

/** A plain-text table; columns rightFrom up to (not including) rightTo are right-aligned (numbers). */
export function table(head: string[], rows: string[][], rightFrom = 1, rightTo = Infinity): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= rightFrom && i < rightTo ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function summary(r: TransferResult): string {
  const total = r.tables.reduce((n, t) => n + t.sourceRows, 0);
  if (r.dryRun) {
    return [
      `dry run: ${r.from} → ${r.to}`,
      table(["table", "rows to copy"], r.tables.map((t) => [t.table, fmt(t.sourceRows)])),
      `${fmt(total)} rows in ${r.tables.length} tables would be copied in one transaction` +
        (r.truncatedRows ? `, after deleting the ${fmt(r.truncatedRows)} rows the target holds (--truncate)` : "") +
        ". Nothing was written.",
    ].join("\n");
  }
  const copyMs = r.tables.reduce((n, t) => n + t.ms, 0);
  return [
    `${r.from} → ${r.to}`,
    table(
      ["table", "source rows", "target rows", "checksum", "match", "seconds", "rows/s"],
      r.tables.map((t) => [
        t.table,
        fmt(t.sourceRows),
        fmt(t.targetRows),
        t.targetChecksum,
        t.sourceRows === t.targetRows && t.sourceChecksum === t.targetChecksum ? "yes" : "NO",
        (t.ms / 1000).toFixed(2),
        fmt(rate(t.sourceRows, t.ms)),
      ]),
    ),
    `${fmt(total)} rows copied and verified (row counts and checksums match) in ${(r.ms / 1000).toFixed(1)} s ` +
      `(${fmt(rate(total, r.ms))} rows/s overall, ${fmt(rate(total, copyMs))} rows/s while copying); committed.`,
    // streaming keeps this flat whatever the row count
    `peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  ].join("\n");
}
