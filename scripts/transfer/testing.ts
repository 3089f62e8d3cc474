// Test helpers: run the real command in its own process, make migrated databases with data in them.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { freshDatabaseUrl } from "~test/engines";
import { providerOf, sqlitePath, type Provider } from "~/db/provider";
import { TABLES } from "./tables";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `npm run db:transfer -- …args` (or another tool's script) as a child process (node + tsx, without npm's own start-up). */
export function startCli(args: string[], env: Record<string, string> = {}, script = "scripts/db-transfer.ts"): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export const runCli = (args: string[], env?: Record<string, string>) => startCli(args, env).done;

/** `npm run db:import-legacy -- …args` as a child process. */
export const startImport = (args: string[], env: Record<string, string> = {}) => startCli(args, env, "scripts/db-import-legacy.ts");
export const runImport = (args: string[], env?: Record<string, string>) => startImport(args, env).done;

/** Resolves once the child's stderr contains text. */
export function waitForStderr(child: ChildProcess, text: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}"; stderr so far:\n${seen}`)), timeoutMs);
    child.stderr!.on("data", (d) => {
      seen += d;
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("close", () => {
      clearTimeout(timer);
      reject(new Error(`exited before "${text}"; stderr:\n${seen}`));
    });
  });
}

/** Row counts of the application tables, read over a fresh connection. */
export async function rowCounts(url: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (providerOf(url) === "sqlite") {
    const db = new Database(sqlitePath(url), { readonly: true });
    try {
      for (const t of TABLES) out[t.name] = db.prepare(`select count(*) from "${t.name}"`).pluck().get() as number;
    } finally {
      db.close();
    }
    return out;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const t of TABLES) out[t.name] = Number((await c.query(`select count(*) as n from "${t.name}"`)).rows[0].n);
  } finally {
    await c.end();
  }
  return out;
}

/** Raw SQL on a database of either engine (test set-up only). */
export async function exec(url: string, sql: string): Promise<void> {
  if (providerOf(url) === "sqlite") {
    const db = new Database(sqlitePath(url));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh migrated database; disposers are collected for afterAll. */
export function databases() {
  const disposers: (() => Promise<void>)[] = [];
  return {
    async fresh(provider: Provider): Promise<string> {
      const d = await freshDatabaseUrl(provider);
      disposers.push(d.dispose);
      return d.url;
    },
    async disposeAll() {
      await Promise.all(disposers.splice(0).map((d) => d()));
    },
  };
}
