// The transfer itself, engine-agnostic: refuse what must not run, then copy every table in foreign-key
// order inside ONE target transaction, checksum both sides, and commit only when they agree.
import { migrationName, Refusal, type Endpoint } from "./endpoint";
import { openEndpoint } from "./open";
import { MIGRATIONS_TABLE, TABLES, type Table } from "./tables";
import { Checksum, type Row } from "./values";

export interface TransferOptions {
  from: string;
  to: string;
  dryRun?: boolean;
  /** Rows per read/write batch. */
  batchSize?: number;
  truncate?: boolean;
  /** Test hook: stop (without finishing) after this many batches were handed to the target. */
  pauseAfterBatches?: number;
  /** Set to abort between batches (Ctrl-C); the transaction is rolled back. */
  signal?: AbortSignal;
}

export interface TableResult {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ms: number;
}

export interface TransferResult {
  dryRun: boolean;
  from: string;
  to: string;
  /** Target rows that --truncate removes (dry run: would remove). */
  truncatedRows: number;
  tables: TableResult[];
  ms: number;
}

export interface Reporter {
  tableStart(table: string, total: number): void;
  tableProgress(table: string, done: number): void;
  tableEnd(table: string, done: number, ms: number): void;
  phase(text: string): void;
  done(): void;
}

export class VerificationError extends Error {
  override name = "VerificationError";
}

export class Interrupted extends Error {
  override name = "Interrupted";
}

export const DEFAULT_BATCH_SIZE = 5000;

const silent: Reporter = { tableStart() {}, tableProgress() {}, tableEnd() {}, phase() {}, done() {} };

export async function transfer(options: TransferOptions, reporter: Reporter = silent): Promise<TransferResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const started = performance.now();
  const source = await openEndpoint(options.from, "source");
  let target: Endpoint | undefined;
  try {
    target = await openEndpoint(options.to, "target");
    const targetRows = await preflight(source, target, !!options.truncate);
    const base = { from: source.label, to: target.label, truncatedRows: targetRows };

    if (options.dryRun) {
      const tables: TableResult[] = [];
      for (const t of TABLES) {
        const n = await source.rowCount(t);
        tables.push({ table: t.name, sourceRows: n, targetRows: 0, sourceChecksum: "", targetChecksum: "", ms: 0 });
      }
      return { ...base, dryRun: true, tables, ms: performance.now() - started };
    }

    const tables = await copyAll(source, target, options, batchSize, reporter);
    return { ...base, dryRun: false, tables, ms: performance.now() - started };
  } finally {
    reporter.done();
    await target?.close();
    await source.close();
  }
}

/** Every refusal, before anything is written. Returns how many rows the target holds (for --truncate). */
async function preflight(source: Endpoint, target: Endpoint, truncate: boolean): Promise<number> {
  if ((await source.identity()) === (await target.identity())) {
    throw new Refusal(`source and target are the same database (${target.label})`);
  }
  const [from, to] = [await source.migrations(), await target.migrations()];
  if (!from) throw new Refusal(`source ${source.label} is not a migrated database (no _prisma_migrations table)`);
  if (!to) throw new Refusal(`target ${target.label} is not migrated (no _prisma_migrations table); run \`prisma migrate deploy\` against it first`);
  // Each engine has its own migration folders (same names, different timestamps): compare by name.
  const norm = (list: string[]) => (source.provider === target.provider ? list : list.map(migrationName));
  const [a, b] = [norm(from), norm(to)];
  if (a.join("\n") !== b.join("\n")) {
    const missing = a.filter((m) => !b.includes(m));
    const extra = b.filter((m) => !a.includes(m));
    const detail = [missing.length ? `target lacks ${missing.join(", ")}` : "", extra.length ? `target has extra ${extra.join(", ")}` : ""]
      .filter(Boolean)
      .join("; ");
    throw new Refusal(`target is not migrated to the same migration list as the source (${detail || "different order"}); run \`prisma migrate deploy\` on both`);
  }
  for (const ep of [source, target]) checkColumns(ep, await ep.columns());
  let rows = 0;
  for (const t of TABLES) rows += await target.rowCount(t);
  if (rows && !truncate) {
    throw new Refusal(`target ${target.label} already holds ${rows} rows; use --truncate to replace them`);
  }
  return rows;
}

export function checkColumns(ep: Endpoint, live: Map<string, string[]>): void {
  const unknownTables = [...live.keys()].filter((t) => t !== MIGRATIONS_TABLE && !TABLES.some((x) => x.name === t));
  if (unknownTables.length) {
    throw new Refusal(`${ep.label} has tables the transfer tool does not know (${unknownTables.join(", ")}); update scripts/transfer/tables.ts`);
  }
  for (const t of TABLES) {
    const have = live.get(t.name);
    if (!have) throw new Refusal(`${ep.label} has no table "${t.name}"`);
    const known = t.columns.map((c) => c.name);
    const unknown = have.filter((c) => !known.includes(c));
    const absent = known.filter((c) => !have.includes(c));
    if (unknown.length || absent.length) {
      throw new Refusal(
        `${ep.label}: table "${t.name}" ${unknown.length ? `has columns the transfer tool does not know (${unknown.join(", ")})` : `lacks columns (${absent.join(", ")})`}; update scripts/transfer/tables.ts`,
      );
    }
  }
}

/** What one table of a load writes: its rows as a stream of batches, and how many to expect (for progress). */
export interface TableLoad {
  table: Table;
  total: number;
  rows: AsyncIterable<Row[]>;
}

export interface LoadOptions {
  truncate?: boolean;
  /** false: verify, then roll back (a dry run that does everything but the commit). */
  commit: boolean;
  batchSize: number;
  pauseAfterBatches?: number;
  signal?: AbortSignal;
  /** Runs once every table is written, before indexes are rebuilt (ends the source's snapshot). */
  afterCopy?: () => Promise<void>;
}

/**
 * The write half both tools share (db:transfer, db:import-legacy): ONE target transaction, secondary
 * structures set aside while loading, every row checksummed as it is handed over, the target read back
 * and compared inside the still-open transaction, and a commit only when everything agrees.
 */
export async function loadVerified(target: Endpoint, loads: readonly TableLoad[], options: LoadOptions, reporter: Reporter): Promise<TableResult[]> {
  const results: TableResult[] = [];
  let batches = 0;
  const afterBatch = async () => {
    batches++;
    if (options.signal?.aborted) throw new Interrupted("interrupted; the target was rolled back");
    if (options.pauseAfterBatches !== undefined && batches === options.pauseAfterBatches) {
      process.stderr.write(`paused after ${batches} batches (DB_TRANSFER_PAUSE_AFTER_BATCHES)\n`);
      while (!options.signal?.aborted) await new Promise((r) => setTimeout(r, 50)); // until killed or interrupted
      throw new Interrupted("interrupted; the target was rolled back");
    }
  };

  await target.beginWrite(TABLES, { truncate: !!options.truncate });
  try {
    for (const { table: t, total, rows } of loads) {
      const t0 = performance.now();
      const sum = new Checksum();
      let done = 0;
      reporter.tableStart(t.name, total);
      await target.write(t, tapped(rows, sum), async (n) => {
        done += n;
        reporter.tableProgress(t.name, done);
        await afterBatch();
      });
      const ms = performance.now() - t0;
      reporter.tableEnd(t.name, done, ms);
      results.push({ table: t.name, sourceRows: sum.rows, targetRows: 0, sourceChecksum: sum.hex, targetChecksum: "", ms });
    }
    await options.afterCopy?.();
    reporter.phase("rebuilding indexes and foreign keys");
    await target.finishWrite();
    reporter.phase("verifying row counts and checksums");
    await verify(target, results, options.batchSize);
    if (options.signal?.aborted) throw new Interrupted("interrupted; the target was rolled back");
    if (options.commit) {
      reporter.phase("committing");
      await target.commit();
    } else {
      reporter.phase("dry run: rolling back");
      await target.rollback();
    }
  } catch (e) {
    await target.rollback();
    throw e;
  }
  return results;
}

async function copyAll(source: Endpoint, target: Endpoint, options: TransferOptions, batchSize: number, reporter: Reporter): Promise<TableResult[]> {
  await source.beginSnapshot(); // on failure the snapshot ends when transfer() closes the source
  const loads: TableLoad[] = [];
  for (const t of TABLES) loads.push({ table: t, total: await source.rowCount(t), rows: source.read(t, batchSize) });
  return loadVerified(
    target,
    loads,
    { ...options, commit: true, batchSize, afterCopy: () => source.endSnapshot() },
    reporter,
  );
}

async function* tapped(rows: AsyncIterable<Row[]>, sum: Checksum): AsyncIterable<Row[]> {
  for await (const batch of rows) {
    for (const r of batch) sum.add(r);
    yield batch;
  }
}

/** Reads every loaded table back from the target, inside the still-open transaction, and compares. */
async function verify(target: Endpoint, results: TableResult[], batchSize: number): Promise<void> {
  const bad: string[] = [];
  for (const r of results) {
    const t = TABLES.find((x) => x.name === r.table) as Table;
    const sum = new Checksum();
    for await (const batch of target.read(t, batchSize)) for (const row of batch) sum.add(row);
    r.targetRows = sum.rows;
    r.targetChecksum = sum.hex;
    if (r.targetRows !== r.sourceRows) bad.push(`${r.table}: ${r.sourceRows} rows in the source, ${r.targetRows} in the target`);
    else if (r.targetChecksum !== r.sourceChecksum) bad.push(`${r.table}: checksum ${r.sourceChecksum} in the source, ${r.targetChecksum} in the target`);
  }
  if (bad.length) throw new VerificationError(`verification failed — ${bad.join("; ")}`);
}

/** Checksums of every table of a database as the transfer computes them (for tests and spot checks). */
export async function checksums(url: string, batchSize = DEFAULT_BATCH_SIZE): Promise<Record<string, { rows: number; checksum: string }>> {
  const ep = await openEndpoint(url, "source");
  try {
    await ep.beginSnapshot();
    const out: Record<string, { rows: number; checksum: string }> = {};
    for (const t of TABLES) {
      const sum = new Checksum();
      for await (const batch of ep.read(t, batchSize)) for (const row of batch) sum.add(row);
      out[t.name] = { rows: sum.rows, checksum: sum.hex };
    }
    await ep.endSnapshot();
    return out;
  } finally {
    await ep.close();
  }
}
