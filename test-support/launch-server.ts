// Starts the real production server (`node server.js`) on a free loopback port with env overrides and
// waits until it answers HTTP. Shared by the vitest helper (test-support/server.ts), the Playwright suite
// (e2e/support/launcher.ts) and the benchmarks; free of test-runner imports so all of them can load it.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  /** ms from spawn to the first answer that counted as ready */
  startMs: number;
  /** Everything the process printed so far (stdout + stderr). */
  logs(): string;
  /** Resolves once the output matches (log lines are written after the response they describe). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends the signal (default SIGTERM) and resolves with the exit code (null if killed). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

type Env = Record<string, string | undefined>;

export interface LaunchOptions {
  timeoutMs?: number;
  /** What node runs (default: server.js). */
  args?: string[];
  cwd?: string;
  /** Polled until it answers: any HTTP answer on `path`, or only `status` when given. */
  ready?: { path: string; status?: number };
  pollMs?: number;
}

/** `env` may depend on the server's own URL (e.g. APP_URL); NODE_ENV defaults to production. */
export async function launchServer(
  env: Env | ((url: string) => Env),
  { timeoutMs = 15_000, args = ["server.js"], cwd = ROOT, ready = { path: "/favicon.ico" }, pollMs = 50 }: LaunchOptions = {},
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = "";
  const overrides = typeof env === "function" ? env(url) : env;
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", ...overrides, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const waiting = new Set<() => void>();
  const append = (d: Buffer) => {
    out += d;
    for (const check of waiting) check();
  };
  proc.stdout!.on("data", append);
  proc.stderr!.on("data", append);
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const answered = (r: Response) => ready.status === undefined || r.status === ready.status;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode} before listening:\n${out}`);
    if (await fetch(`${url}${ready.path}`).then(answered, () => false)) break;
    if (performance.now() - t0 > timeoutMs) {
      proc.kill("SIGKILL");
      throw new Error(`server did not answer ${ready.path}${ready.status ? ` with ${ready.status}` : ""} within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return {
    url,
    port,
    proc,
    startMs: performance.now() - t0,
    logs: () => out,
    waitForLog: (pattern, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(out)) return;
          waiting.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms:\n${out.slice(-3000)}`));
        }, timeoutMs);
        waiting.add(check);
        check();
      }),
    stop: async (signal = "SIGTERM") => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
