// PostgreSQL goes away under a running production server (a loopback TCP proxy between them that the
// test controls): readiness turns 503 once its ping times out, pages answer the friendly 503 page (no stack
// trace), the process survives, and once the network is back requests succeed again, no restart. Bounds are
// the configured timeouts plus test-support/timing.ts's margin.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockOidc } from "../scripts/mock-oidc";
import { freshDatabaseUrl } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { startTcpProxy, type TcpProxy } from "~test/tcp-proxy";
import { leaksInternals, signIn, type SignedIn } from "~test/browserless";
import { LOADED_MACHINE_MARGIN_MS, PG_CONNECT_TIMEOUT_MS, READYZ_TIMEOUT_MS } from "~test/timing";

// back once the network is: a new connection on the next request (no connect timeout to wait out)
const RECOVERY_MS = LOADED_MACHINE_MARGIN_MS * 5;

async function timed(url: string, init?: RequestInit) {
  const t0 = performance.now();
  const res = await fetch(url, { redirect: "manual", ...init });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - t0 };
}

/** Polls until the page answers 200; returns how long it took. */
async function recoveryMs(url: string, init: RequestInit, limitMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const r = await timed(url, init).catch(() => ({ status: 0, body: "", ms: 0 }));
    if (r.status === 200) return performance.now() - t0;
    if (performance.now() - t0 > limitMs) return Infinity;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("PostgreSQL unreachable", () => {
  let proxy: TcpProxy;
  let server: RunningServer;
  let mock: MockOidc;
  let dispose: () => Promise<void>;
  let member: SignedIn;
  let profile: string;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl("postgresql");
    dispose = fresh.dispose;
    const u = new URL(fresh.url);
    proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
    mock = await startTestMock({ port: 0 });
    server = await startServer({ DATABASE_URL: proxy.rewrite(fresh.url), OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "open" });
    member = await signIn(server.url, "fault-pg@example.com");
    profile = (await fetch(server.url + "/login", { redirect: "manual", headers: { cookie: member.jar.header() } })).headers.get("location")!;
    expect(profile).toMatch(/\/users\//);
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await mock?.stop();
    await dispose?.();
  });

  const cookie = () => ({ headers: { cookie: member.jar.header() } });

  it("serves normally through the proxy", async () => {
    expect((await timed(server.url + "/readyz")).status).toBe(200);
    expect((await timed(server.url + profile, cookie())).status).toBe(200);
  });

  it("cut (connections reset, new ones refused): /readyz 503 at once, friendly 503 pages, no crash, back at the next request", async () => {
    proxy.cut();
    const ready = await timed(server.url + "/readyz");
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(READYZ_TIMEOUT_MS + LOADED_MACHINE_MARGIN_MS);

    for (const [path, init] of [["/", {}], [profile, cookie()]] as const) {
      const page = await timed(server.url + path, init);
      expect(page.status, path).toBe(503);
      expect(page.body).toContain("ただいま混み合っています");
      expect(page.body).toContain('data-status="503"');
      expect(leaksInternals(page.body), page.body.slice(0, 500)).toBe(false);
    }
    // single-fetch data requests (client navigations) get the status too
    expect((await timed(server.url + "/_root.data", cookie())).status).toBe(503);
    expect(server.proc.exitCode).toBeNull();
    await server.waitForLog(/"msg":"database unavailable"/);

    proxy.restore();
    const ms = await recoveryMs(server.url + profile, cookie(), RECOVERY_MS);
    console.log(`[fault] PostgreSQL cut → restored: profile page 200 again after ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(RECOVERY_MS);
    expect((await timed(server.url + "/readyz")).status).toBe(200);
  });

  it("blackhole (packets held, nothing answers): /readyz 503 once its ping times out, pages 503 after the pool's connect timeout, back at the next request", async () => {
    proxy.blackhole();
    const ready = await timed(server.url + "/readyz");
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(READYZ_TIMEOUT_MS + LOADED_MACHINE_MARGIN_MS);
    expect(server.proc.exitCode).toBeNull();
    // a page needs a connection: the pool gives up connecting after 5 s (pg-config) → friendly 503
    const page = await timed(server.url + profile, { ...cookie(), signal: AbortSignal.timeout(15_000) });
    expect(page.status).toBe(503);
    expect(page.body).toContain("ただいま混み合っています");
    expect(leaksInternals(page.body)).toBe(false);
    expect(page.ms).toBeGreaterThanOrEqual(PG_CONNECT_TIMEOUT_MS - 100); // it waited for the connect timeout…
    expect(page.ms).toBeLessThan(PG_CONNECT_TIMEOUT_MS + LOADED_MACHINE_MARGIN_MS); // …and no longer

    proxy.restore();
    const ms = await recoveryMs(server.url + profile, cookie(), RECOVERY_MS);
    console.log(`[fault] PostgreSQL blackholed → restored: profile page 200 again after ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(RECOVERY_MS);
    expect((await timed(server.url + "/readyz")).status).toBe(200);
    expect(server.proc.exitCode).toBeNull();
  });
});
