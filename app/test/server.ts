// Starts the real production server (`node server.js` on the build made by global-setup) for tests
// that need HTTP: a free loopback port, env overrides, captured logs, and stop() with a signal.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { inject } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process printed so far (stdout + stderr). */
  logs(): string;
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

/** Production refuses mock sign-in unless told this is a test run; tests pass their own MOCK_OIDC_URL. */
export const TEST_AUTH_ENV = {
  AUTH_MOCK: "1",
  AUTH_MOCK_I_UNDERSTAND: "test",
  SESSION_SECRET: "vitest-only-session-secret-0123456789abcdef",
};

export async function startServer(env: Record<string, string | undefined>, opts: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = await freePort();
  let out = "";
  const proc = spawn(process.execPath, ["server.js"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info", HOST: "127.0.0.1", SUZUMINA_BUILD_DIR: inject("buildDir"), ...TEST_AUTH_ENV, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode} before listening:\n${out}`);
    try {
      await fetch(`${url}/favicon.ico`);
      break;
    } catch {
      if (Date.now() > deadline) {
        proc.kill("SIGKILL");
        throw new Error(`server did not listen within ${opts.timeoutMs ?? 15_000} ms:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    port,
    proc,
    logs: () => out,
    stop: async (signal = "SIGTERM") => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
