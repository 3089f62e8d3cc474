// The operational endpoints and the request log, against the real production server on both engines.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";

const TOKEN = "metrics-token-for-tests-0123456789";
const SECRETS = {
  cookie: "cookievalue-S3CRET-7f3a9",
  auth: "authheader-S3CRET-2b81c",
  code: "oauthcode-S3CRET-91d0e",
  state: "oauthstate-S3CRET-44aa1",
};

function logLines(server: RunningServer): Record<string, unknown>[] {
  return server
    .logs()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function eventually<T>(fn: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeEachEngine("operations endpoints", (t) => {
  let server: RunningServer;
  beforeAll(async () => {
    // trace level and every query "slow": the most the app ever logs.
    server = await startServer({ DATABASE_URL: t().url, METRICS_TOKEN: TOKEN, LOG_LEVEL: "trace", SLOW_QUERY_MS: "0" });
  });
  afterAll(() => server?.stop());

  it("/healthz answers 200 JSON without touching the database", async () => {
    const res = await fetch(server.url + "/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("/readyz pings the database", async () => {
    const res = await fetch(server.url + "/readyz");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: { ok: boolean; ms: number } };
    expect(body.status).toBe("ok");
    expect(body.database.ok).toBe(true);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("/metrics requires the bearer token", async () => {
    expect((await fetch(server.url + "/metrics")).status).toBe(401);
    const wrong = await fetch(server.url + "/metrics", { headers: { Authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("/metrics labels requests by route, never by raw URL, and reports the database", async () => {
    // bodies read so each response has finished (and been measured) before /metrics is asked
    for (const p of ["/", "/avatars/uniqueseed-93jd7.svg", "/no-such-page-k2j4"]) await (await fetch(server.url + p)).text();
    // the size gauge is sampled right after start, asynchronously
    let body = "";
    for (let i = 0; i < 40 && !/^db_size_bytes [1-9]/m.test(body); i++) {
      const res = await fetch(server.url + "/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/plain/);
      body = await res.text();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="routes\/_index",status="200"\} [1-9]/);
    expect(body).toContain('route="routes/avatars.$seed[.svg]",status="200"');
    expect(body).toContain('route="unmatched",status="404"');
    expect(body).not.toContain("uniqueseed-93jd7");
    expect(body).not.toContain("no-such-page-k2j4");
    expect(body).toMatch(/db_query_duration_seconds_count\{operation="SELECT"\} [1-9]/);
    expect(body).toMatch(/^process_cpu_user_seconds_total /m);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(body).toMatch(/^db_size_bytes [1-9]/m);
    if (t().provider === "postgresql") {
      expect(body).toMatch(/^db_pool_connections\{state="total"\} [1-9]/m);
      expect(body).toMatch(/^db_pool_connections\{state="waiting"\} 0/m);
    } else {
      expect(body).not.toMatch(/^db_pool_connections\{/m);
    }
  });

  it("echoes a safe X-Request-Id, derives one from Cloud Run's trace header, and makes one otherwise", async () => {
    const given = await fetch(server.url + "/healthz", { headers: { "X-Request-Id": "req-abc.123" } });
    expect(given.headers.get("x-request-id")).toBe("req-abc.123");
    const trace = await fetch(server.url + "/healthz", {
      headers: { "X-Cloud-Trace-Context": "105445AA7843BC8BF206B12000100000/1;o=1" },
    });
    expect(trace.headers.get("x-request-id")).toBe("105445aa7843bc8bf206b12000100000");
    const unsafe = await fetch(server.url + "/healthz", { headers: { "X-Request-Id": 'x"} {"level":60' } });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs one JSON line per request with id, method, route, status and duration, and never cookies, Authorization or OAuth values", async () => {
    const headers = { Cookie: `__Host-session=${SECRETS.cookie}; other=${SECRETS.cookie}`, Authorization: `Bearer ${SECRETS.auth}`, "X-Request-Id": "redaction-test-1" };
    const query = `?code=${SECRETS.code}&state=${SECRETS.state}`;
    const home = await fetch(server.url + "/" + query, { headers });
    expect(home.status).toBe(200);
    const cb = await fetch(server.url + "/auth/google/callback" + query, { headers: { ...headers, "X-Request-Id": "redaction-test-2" }, redirect: "manual" });
    expect(cb.status).toBeLessThan(500);

    const lines = await eventually(() => {
      const ls = logLines(server).filter((l) => l.requestId === "redaction-test-1" || l.requestId === "redaction-test-2");
      return ls.filter((l) => l.msg === "request").length >= 2 ? ls : undefined;
    });
    const first = lines.find((l) => l.requestId === "redaction-test-1" && l.msg === "request")!;
    expect(first).toMatchObject({ req: { method: "GET", path: "/" }, route: "routes/_index", res: { statusCode: 200 } });
    expect(typeof first.durationMs).toBe("number");
    expect(first).toMatchObject({ level: 30, severity: "INFO" }); // Cloud Logging's severity field
    const second = lines.find((l) => l.requestId === "redaction-test-2" && l.msg === "request")!;
    expect(second).toMatchObject({ req: { path: "/auth/google/callback" } });

    // Nothing anywhere in the process's output carries the secrets (queries are logged too: SLOW_QUERY_MS=0).
    const all = server.logs();
    expect(all).toContain('"msg":"slow query"');
    for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
  });
});

it("/metrics is absent (404) in production when METRICS_TOKEN is unset", async () => {
  const { freshDatabaseUrl } = await import("~test/engines");
  const fresh = await freshDatabaseUrl("sqlite");
  const server = await startServer({ DATABASE_URL: fresh.url, METRICS_TOKEN: "" });
  try {
    expect((await fetch(server.url + "/metrics")).status).toBe(404);
  } finally {
    await server.stop();
    await fresh.dispose();
  }
});
