// db:import-legacy: the previous app's database (either shape) into an empty, migrated database of this
// project (either engine). Reads the source in one snapshot and checks every row before writing anything;
// then writes through the transfer's machinery (one target transaction, verified by counts and checksums).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { Refusal, type Endpoint } from "../transfer/endpoint";
import { openEndpoint } from "../transfer/open";
import { TABLES, type Table } from "../transfer/tables";
import { checkColumns, DEFAULT_BATCH_SIZE, loadVerified, type Reporter, type TableLoad, type TableResult } from "../transfer/transfer";
import { DataError, type Row } from "../transfer/values";
import {
  AccountPlan,
  checkAccount,
  checkUser,
  EmailOwners,
  Problems,
  toAccountRow,
  toUserRow,
  type CheckedAccount,
  type CheckedUser,
} from "./mapping";
import { detectShape, type ShapeName } from "./shape";

export interface ImportOptions {
  from: string;
  to: string;
  dryRun?: boolean;
  batchSize?: number;
  pauseAfterBatches?: number;
  signal?: AbortSignal;
  /** "now" for telling live sessions from expired ones */
  now?: Date;
}

/** What the import did; also the --report JSON (ids and counts only: no e-mails, names or tokens). */
export interface ImportReport {
  tool: "db:import-legacy";
  dryRun: boolean;
  committed: boolean;
  from: string;
  to: string;
  shape: ShapeName;
  users: {
    read: number;
    imported: number;
    /** shared an e-mail with a user created earlier (or with a smaller id): imported with e-mail NULL */
    emailsCleared: string[];
    /** imported with no e-mail at all (NULL, empty, or cleared): they need a claim link to sign in */
    withoutEmail: string[];
    /** an empty avatar_url became the app's generated avatar */
    avatarsGenerated: number;
  };
  accounts: {
    read: number;
    imported: number;
    /** rows with the same (provider, provider_account_id) folded into one: the smallest account id stays */
    duplicatesCollapsed: { kept: string; dropped: string[] }[];
    /** rows whose user does not exist */
    orphansSkipped: string[];
  };
  /** not imported: this app cannot read NextAuth cookies; every member signs in once more */
  sessions: { dropped: number; live: number; expired: number };
  /** not imported: NextAuth's e-mail sign-in tokens are not invitations */
  verificationTokens: { dropped: number };
  tables: TableResult[];
  ms: number;
}

const collect = async (rows: AsyncIterable<Row[]>, each: (r: Row) => void) => {
  for await (const batch of rows) for (const r of batch) each(r);
};

/** Folder names of this release's migrations for a provider, found from here up (a source checkout or the image). */
function releaseMigrations(provider: string): string[] | null {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const folder = path.join(dir, "prisma", provider, "migrations");
    if (existsSync(folder)) {
      return readdirSync(folder, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    }
    if (path.dirname(dir) === dir) return null;
  }
}

async function checkTarget(target: Endpoint): Promise<void> {
  const applied = await target.migrations();
  if (!applied) throw new Refusal(`--to ${target.label} is not migrated (no _prisma_migrations table); run \`npm run db:deploy\` against it first`);
  const release = releaseMigrations(target.provider);
  const missing = release?.filter((m) => !applied.includes(m)) ?? [];
  if (missing.length) throw new Refusal(`--to ${target.label} lacks migrations ${missing.join(", ")}; run \`npm run db:deploy\` against it first`);
  checkColumns(target, await target.columns());
  let rows = 0;
  for (const t of TABLES) rows += await target.rowCount(t);
  if (rows) throw new Refusal(`--to ${target.label} already holds ${rows} rows; the import only writes into an empty database (it never merges)`);
}

/** A DataError while reading is a value the new schema cannot hold: a refusal, naming the row. */
async function reading<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (e) {
    if (e instanceof DataError) throw new Refusal(`${e.message}; nothing was written`);
    throw e;
  }
}

const table = (name: string): Table => TABLES.find((t) => t.name === name)!;

export async function importLegacy(options: ImportOptions, reporter: Reporter): Promise<ImportReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = (options.now ?? new Date()).getTime();
  const source = await openEndpoint(options.from, "source");
  let target: Endpoint | undefined;
  try {
    target = await openEndpoint(options.to, "target");
    if ((await source.identity()) === (await target.identity())) throw new Refusal(`--from and --to are the same database (${target.label})`);
    const shape = await detectShape(source);
    await checkTarget(target);

    await source.beginSnapshot(); // one instant for both passes; closing the source ends it on failure
    reporter.phase(`checking every row of ${source.label} (${shape.description})`);
    const problems = new Problems();
    const owners = new EmailOwners();
    const userIds = new Set<string>();
    let usersRead = 0;
    await reading(() =>
      collect(source.read(shape.users, batchSize), (r) => {
        usersRead++;
        const u = checkUser(r, shape.instant, problems);
        if (!u) return;
        userIds.add(u.id);
        owners.offer(u);
      }),
    );
    const accounts = new AccountPlan(userIds);
    let accountsRead = 0;
    await reading(() =>
      collect(source.read(shape.accounts, batchSize), (r) => {
        accountsRead++;
        const a = checkAccount(r, problems);
        if (a) accounts.offer(a);
      }),
    );
    if (!problems.empty) throw new Refusal(`values the new schema cannot hold — ${problems.describe()}; nothing was written`);
    const sessions = { dropped: 0, live: 0, expired: 0 };
    await reading(() =>
      collect(source.read(shape.sessionExpiry, batchSize), ([, expires]) => {
        sessions.dropped++;
        const ms = expires === null ? undefined : shape.instant(expires);
        if (ms !== undefined && ms > now) sessions.live++;
        else sessions.expired++;
      }),
    );
    const tokensDropped = await source.rowCount(shape.tokens);

    const report: ImportReport = {
      tool: "db:import-legacy",
      dryRun: !!options.dryRun,
      committed: false,
      from: source.label,
      to: target.label,
      shape: shape.name,
      users: { read: usersRead, imported: 0, emailsCleared: [], withoutEmail: [], avatarsGenerated: 0 },
      accounts: { read: accountsRead, imported: 0, duplicatesCollapsed: accounts.collapsed(), orphansSkipped: accounts.orphans },
      sessions,
      verificationTokens: { dropped: tokensDropped },
      tables: [],
      ms: 0,
    };

    // Second pass: the same snapshot, mapped; rows already passed every check above.
    async function* users(): AsyncIterable<Row[]> {
      for await (const batch of source.read(shape.users, batchSize)) {
        const out: Row[] = [];
        for (const r of batch) {
          const u = checkUser(r, shape.instant, problems) as CheckedUser;
          const { row, emailCleared } = toUserRow(u, owners);
          if (emailCleared) report.users.emailsCleared.push(u.id);
          if (row[4] === null) report.users.withoutEmail.push(u.id);
          if (u.avatarUrl === "") report.users.avatarsGenerated++;
          out.push(row);
        }
        report.users.imported += out.length;
        yield out;
      }
    }
    async function* accountRows(): AsyncIterable<Row[]> {
      for await (const batch of source.read(shape.accounts, batchSize)) {
        const out: Row[] = [];
        for (const r of batch) {
          const a = checkAccount(r, problems) as CheckedAccount;
          if (accounts.keeps(a)) out.push(toAccountRow(a));
        }
        report.accounts.imported += out.length;
        if (out.length) yield out;
      }
    }
    const none = async function* (): AsyncIterable<Row[]> {};
    const loads: TableLoad[] = [
      { table: table("users"), total: userIds.size, rows: users() },
      { table: table("accounts"), total: accounts.size, rows: accountRows() },
      // written empty, so the verification also proves the target holds no session or token
      { table: table("sessions"), total: 0, rows: none() },
      { table: table("verification_tokens"), total: 0, rows: none() },
    ];
    report.tables = await loadVerified(
      target,
      loads,
      { commit: !options.dryRun, batchSize, pauseAfterBatches: options.pauseAfterBatches, signal: options.signal, afterCopy: () => source.endSnapshot() },
      reporter,
    );
    report.committed = !options.dryRun;
    // the same on both engines whatever order each reads its rows in
    for (const ids of [report.users.emailsCleared, report.users.withoutEmail, report.accounts.orphansSkipped]) ids.sort();
    report.accounts.duplicatesCollapsed.sort((a, b) => (a.kept < b.kept ? -1 : 1));
    report.ms = performance.now() - started;
    return report;
  } finally {
    reporter.done();
    await target?.close();
    await source.close();
  }
}
