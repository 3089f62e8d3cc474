/**
 * npm run bench -- import-legacy [--users N]
 *
 * Builds previous-app databases (Drizzle's own migrator and inserts, both shapes) with N users (default
 * 100,000), N accounts (1 % of them duplicate identities), 2.5 N sessions and N/2 e-mail tokens, and a
 * database of this project of the same size; then, in the same run, times the whole commands:
 *   1. db:import-legacy, SQLite previous app → PostgreSQL;
 *   2. db:import-legacy, PostgreSQL previous app → PostgreSQL;
 *   3. db:transfer, this project's SQLite → PostgreSQL, on the same number of rows.
 * Prints rows/s (source rows read per second, verification included) and the ratio import / transfer.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { PROVIDERS, type Provider } from "~/db/provider";
import { adminUrl, createDatabaseFromTemplate, dropDatabase, ensurePostgres, migrate, uniqueName } from "~test/pg-admin";
import { createLegacyDatabase, insertLegacy, type LegacyData } from "../import-legacy/legacy-app/build";
import { fillSqlite } from "../transfer/fixture";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function timed(script: string, args: string[]): Promise<{ ms: number; out: string }> {
  const t0 = performance.now();
  try {
    const r = await exec(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: "0" } });
    return { ms: performance.now() - t0, out: r.stdout };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`${script} failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}

/** Ordinary rows as the old app wrote them: Discord identities, a few double sign-ins, live and expired sessions. */
function legacyRows(users: number): Required<LegacyData> {
  const base = Date.UTC(2025, 3, 1);
  const at = (i: number) => new Date(base + i * 7_000);
  const id = (p: string, i: number) => `${p}${i.toString(36).padStart(8, "0")}`;
  const data: Required<LegacyData> = { users: [], accounts: [], sessions: [], tokens: [] };
  for (let i = 0; i < users; i++) {
    data.users.push({ id: id("u", i), displayName: `メンバー${i}`, avatarUrl: i % 3 ? `https://cdn.discordapp.com/avatars/${i}/x.png` : "", role: i % 50 ? "member" : "admin", email: i % 10 ? `member${i}@example.com` : "", createdAt: at(i), updatedAt: at(i + 1) });
    // 1 % of the identities were stored twice by a double sign-in
    const pid = String(100000000000000000n + BigInt(i % 100 === 99 ? i - 1 : i));
    data.accounts.push({ id: id("a", i), userId: id("u", i), providerAccountId: pid, accessToken: `access-${i}`, refreshToken: `refresh-${i}`, expiresAt: 1_800_000_000 });
  }
  for (let k = 0; k < Math.round(users * 2.5); k++) {
    data.sessions.push({ id: id("s", k), userId: id("u", k % users), sessionToken: `token-${k}`, expires: new Date(Date.now() + (k % 2 ? 1 : -1) * 86_400_000 * 30) });
  }
  for (let k = 0; k < Math.round(users / 2); k++) data.tokens.push({ identifier: `invite${k}@example.com`, token: `t-${k}`, expires: at(k) });
  return data;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { users: { type: "string", default: "100000" } } });
  const users = Number(values.users);
  const admin = adminUrl();
  await ensurePostgres(admin);
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-bench-"));
  const dropLater: string[] = [];
  const freshPg = async () => {
    const name = uniqueName("bench_import");
    dropLater.push(name);
    const url = await createDatabaseFromTemplate(admin, name);
    await migrate(url);
    return url;
  };
  const legacyDisposers: (() => Promise<void>)[] = [];
  try {
    const data = legacyRows(users);
    const rows = data.users.length + data.accounts.length + data.sessions.length + data.tokens.length;
    console.log(`building previous-app databases (both shapes, through Drizzle) and a project database, ${fmt(rows)} rows each…`);
    const legacy = {} as Record<Provider, string>;
    for (const shape of PROVIDERS) {
      const db = await createLegacyDatabase(shape);
      legacyDisposers.push(db.dispose);
      await insertLegacy(db.url, shape, data);
      legacy[shape] = db.url;
    }
    const projectFile = path.join(dir, "project.db");
    await migrate(`file:${projectFile}`);
    const projectRows = fillSqlite(projectFile, { users: data.users.length, accounts: data.accounts.length, sessions: data.sessions.length, tokens: data.tokens.length }, false);

    const results: [string, number, number][] = [];
    for (const shape of PROVIDERS) {
      const r = await timed("scripts/db-import-legacy.ts", ["--from", legacy[shape], "--to", await freshPg()]);
      console.log(r.out.split("\n").filter((l) => /^(table|-|users|accounts|sessions|verification_tokens|\d)/.test(l)).join("\n"));
      results.push([`db:import-legacy, ${shape} previous app → PostgreSQL`, rows, r.ms]);
    }
    const t = await timed("scripts/db-transfer.ts", ["--from", `file:${projectFile}`, "--to", await freshPg()]);
    results.push(["db:transfer, SQLite → PostgreSQL (same row count)", projectRows, t.ms]);

    console.log("\n| command (whole, verified) | source rows | seconds | rows/s |");
    console.log("|---|---|---|---|");
    for (const [name, n, ms] of results) console.log(`| ${name} | ${fmt(n)} | ${(ms / 1000).toFixed(1)} | ${fmt((n * 1000) / ms)} |`);
    const transferRate = (projectRows * 1000) / t.ms;
    for (const [name, n, ms] of results.slice(0, 2)) console.log(`ratio ${name.split(",")[1].trim()} / db:transfer: ${((n * 1000) / ms / transferRate).toFixed(2)}×`);
  } finally {
    for (const name of dropLater) await dropDatabase(admin, name).catch(() => {});
    await Promise.all(legacyDisposers.map((d) => d()));
    rmSync(dir, { recursive: true, force: true });
  }
}
