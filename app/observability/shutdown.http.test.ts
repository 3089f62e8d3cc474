// Graceful shutdown with a request in flight: the page's query waits on a real table lock held by the
// test, SIGTERM arrives, the listener stops accepting, the request still completes with 200, the pool
// closes and the process exits 0 well within Cloud Run's 10 s. The test waits for the server's own events
// (its log line, the refused connection), not for fixed sleeps; bounds come from test-support/timing.ts.
import pg from "pg";
import { expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { startServer } from "~test/server";
import { LOADED_MACHINE_MARGIN_MS, SHUTDOWN_GRACE_MS, until } from "~test/timing";

const refuses = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(LOADED_MACHINE_MARGIN_MS) }).then(
    () => false,
    () => true,
  );

describeEachEngine(
  "graceful shutdown",
  (t) => {
    it("finishes the in-flight request, refuses new connections, closes the pool and exits 0", async () => {
      const server = await startServer({ DATABASE_URL: t().url });
      const locker = new pg.Client({ connectionString: t().url });
      await locker.connect();
      try {
        expect((await fetch(server.url + "/")).status).toBe(200); // warm: pool connection open

        await locker.query("BEGIN");
        await locker.query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
        const inFlight = fetch(server.url + "/").then(async (r) => ({ status: r.status, body: await r.text() }));
        await untilQueryBlocked(locker);

        const sigterm = Date.now();
        const exited = server.stop("SIGTERM");
        await server.waitForLog(/"msg":"shutting down: draining requests"/);
        // the listener closes right after that line: new connections are refused from then on
        expect(await until(() => refuses(server.url + "/healthz"), LOADED_MACHINE_MARGIN_MS)).toBe(true);
        expect(server.proc.exitCode).toBeNull(); // still draining: the locked request holds it open

        await locker.query("COMMIT"); // the slow query can proceed now
        const done = await inFlight;
        expect(done.status).toBe(200);
        expect(done.body).toContain("data-testid=\"member-count\"");

        expect(await exited).toBe(0);
        expect(Date.now() - sigterm).toBeLessThan(SHUTDOWN_GRACE_MS); // drained, not cut at the deadline
        const logs = server.logs();
        expect(logs).toContain('"msg":"shutting down: draining requests"');
        expect(logs).toContain('"msg":"stopped"');
        // the pool is closed: no connection of the app remains on the server
        const left = await locker.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'suzumina-web'",
        );
        expect(left.rows[0].n).toBe(0);
      } finally {
        await locker.end();
        await server.stop("SIGKILL");
      }
    });

    it("does not hang on a request that never finishes: cuts it at the grace deadline and exits 1", async () => {
      const server = await startServer({ DATABASE_URL: t().url });
      const locker = new pg.Client({ connectionString: t().url });
      await locker.connect();
      try {
        expect((await fetch(server.url + "/")).status).toBe(200);
        await locker.query("BEGIN");
        await locker.query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
        const stuck = fetch(server.url + "/").then(
          (r) => r.text().then(() => "answered", () => "cut"),
          () => "cut",
        );
        await untilQueryBlocked(locker);
        const sigterm = Date.now();
        const code = await server.stop("SIGTERM");
        const elapsed = Date.now() - sigterm;
        expect(code).toBe(1);
        expect(elapsed).toBeGreaterThanOrEqual(SHUTDOWN_GRACE_MS - 100); // it waited for the request first
        // …and no longer than the deadline, the pool's last 500 ms (server.js) and a loaded machine's slack
        expect(elapsed).toBeLessThan(SHUTDOWN_GRACE_MS + 500 + LOADED_MACHINE_MARGIN_MS);
        expect(await stuck).toBe("cut");
        expect(server.logs()).toContain("requests still running at the deadline");
      } finally {
        await locker.query("ROLLBACK").catch(() => {});
        await locker.end();
        await server.stop("SIGKILL");
      }
    }, 30_000);
  },
  ["postgresql"],
);

describeEachEngine("shutdown on SIGINT", (t) => {
  it("exits 0 on SIGINT (Ctrl-C) too", async () => {
    const server = await startServer({ DATABASE_URL: t().url });
    expect((await fetch(server.url + "/")).status).toBe(200);
    expect(await server.stop("SIGINT")).toBe(0);
    expect(server.logs()).toContain('"signal":"SIGINT"');
  });
});

/** Waits until the server's query is actually blocked on the test's lock (or gives up after ~2 s). */
async function untilQueryBlocked(locker: { query(sql: string): Promise<{ rows: { n: number }[] }> }): Promise<void> {
  for (let i = 0; ; i++) {
    const r = await locker.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted");
    if (r.rows[0].n > 0) return;
    if (i > 100) throw new Error("the request never reached the database");
    await new Promise((res) => setTimeout(res, 20));
  }
}
