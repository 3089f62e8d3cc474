// Readiness follows the database: PostgreSQL made unreachable through a TCP proxy the test controls,
// /readyz turns 503 once its ping timeout (READYZ_TIMEOUT_MS) runs out, and 200 again once the network is
// back — same process, no restart. Bounds: the configured timeout plus test-support/timing.ts's margin.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { startTcpProxy, type TcpProxy } from "~test/tcp-proxy";
import { LOADED_MACHINE_MARGIN_MS, READYZ_TIMEOUT_MS } from "~test/timing";

const TOKEN = "metrics-token-for-tests-0123456789";

async function readyz(server: RunningServer) {
  const started = performance.now();
  const res = await fetch(server.url + "/readyz");
  const body = (await res.json()) as { status: string; database?: { ok: boolean; reason?: string } };
  return { status: res.status, body, ms: performance.now() - started };
}

async function until200(server: RunningServer, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await readyz(server);
    if (r.status === 200 || Date.now() > end) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

describeEachEngine(
  "readiness under a database outage",
  (t) => {
    let proxy: TcpProxy;
    let server: RunningServer;
    beforeAll(async () => {
      const u = new URL(t().url);
      proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
      server = await startServer({ DATABASE_URL: proxy.rewrite(t().url), METRICS_TOKEN: TOKEN, READYZ_TIMEOUT_MS: String(READYZ_TIMEOUT_MS) });
    });
    afterAll(async () => {
      await server?.stop();
      await proxy?.close();
    });

    it("is ready while the database answers", async () => {
      expect((await readyz(server)).status).toBe(200);
      expect((await fetch(server.url + "/")).status).toBe(200);
    });

    it("partition (packets vanish): 503 once the ping times out, then 200 when the network heals", async () => {
      proxy.blackhole();
      const down = await readyz(server);
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: "unavailable", database: { ok: false, reason: "timeout" } });
      expect(down.ms).toBeLessThan(READYZ_TIMEOUT_MS + LOADED_MACHINE_MARGIN_MS);
      // liveness is not readiness: the process itself is fine
      expect((await fetch(server.url + "/healthz")).status).toBe(200);

      proxy.restore();
      const up = await until200(server, 10_000);
      expect(up.status).toBe(200);
      expect(up.body.database?.ok).toBe(true);
    });

    it("connections reset and refused: 503 at once, pages fail cleanly, then recovery without restart", async () => {
      const pid = server.proc.pid;
      proxy.cut();
      const down = await readyz(server);
      expect(down.status).toBe(503);
      expect(down.ms).toBeLessThan(READYZ_TIMEOUT_MS + LOADED_MACHINE_MARGIN_MS);
      const page = await fetch(server.url + "/");
      expect(page.status).toBeGreaterThanOrEqual(500);
      expect(await page.text()).not.toMatch(/at .*\.js:\d+/);

      const metrics = await (await fetch(server.url + "/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
      expect(metrics).toMatch(/^db_up 0$/m);
      expect(metrics).toMatch(/http_request_errors_total\{method="GET",route="routes\/_index",status="5\d\d"\} [1-9]/);

      proxy.restore();
      const up = await until200(server, 10_000);
      expect(up.status).toBe(200);
      expect((await fetch(server.url + "/")).status).toBe(200);
      expect(server.proc.pid).toBe(pid);
      expect(server.proc.exitCode).toBeNull();
      expect(server.logs().match(/"msg":"starting"/g)).toHaveLength(1);
      await server.waitForLog(/readiness: database unavailable/);
    });
  },
  ["postgresql"],
);
