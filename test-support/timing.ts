// Time bounds in tests come from the configured timeouts plus a stated margin, never from a bare number:
// the machines that run them are shared 2-core boxes, at times with both cores busy. A bound says "this
// waited for the configured timeout, not for ever", and its margin is the scheduling slack a loaded
// machine adds (measured: the /readyz answer came 3–6 ms after its 800 ms timeout at load 2; 150–400 ms
// with two CPU burners — scripts/stress-timing.sh).

/** Slack for one request on a loaded machine: event-loop delay, process scheduling, HTTP round trips. */
export const LOADED_MACHINE_MARGIN_MS = 1_000;

/** The database ping /readyz waits for (READYZ_TIMEOUT_MS, app/env.server.ts default). */
export const READYZ_TIMEOUT_MS = 800;

/** The pool's connect timeout (app/db/pg-config.server.ts connectionTimeoutMillis). */
export const PG_CONNECT_TIMEOUT_MS = 5_000;

/** Cloud Run's 10 s between SIGTERM and SIGKILL; the server's own grace deadline is 9 s (server.js). */
export const SHUTDOWN_GRACE_MS = 9_000;

/** Polls `check` every `everyMs` until it is true or `timeoutMs` passed; resolves whether it became true. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 25): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
