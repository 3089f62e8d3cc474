// The abuse limits with their production defaults, against the real production server: clients come
// from distinct loopback addresses (127.0.0.x), directly and through a real one-hop HTTP proxy that
// appends the address it saw to X-Forwarded-For, as Cloud Run's and Fly's front ends do.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { freePort, startServer, type RunningServer } from "~test/server";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request from a given local address (http.request can bind it; fetch cannot). */
function send(port: number, from: string, o: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, localAddress: from, method: o.method ?? "GET", path: o.path, headers: o.headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

const startSignIn = (port: number, from: string, headers: Record<string, string> = {}) =>
  send(port, from, {
    method: "POST",
    path: "/auth/google",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: `http://127.0.0.1:${port}`, ...headers },
    body: "login_hint=a%40example.com&redirectTo=%2F",
  });

/** A reverse proxy of one hop: forwards to the app, appending the client address it saw to X-Forwarded-For. */
async function startProxy(target: number, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const seen = req.socket.remoteAddress!.replace(/^::ffff:/, "");
    const xff = req.headers["x-forwarded-for"] ? `${req.headers["x-forwarded-for"]}, ${seen}` : seen;
    const up = http.request({ host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: { ...req.headers, "x-forwarded-for": xff }, agent: false }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

// SIGN_IN_RATE_LIMIT and BAD_COOKIE_RATE_LIMIT unset: the defaults (60 per minute, 30 per 10 minutes)
const DEFAULTS = { SIGN_IN_RATE_LIMIT: undefined, BAD_COOKIE_RATE_LIMIT: undefined, ACCESS_POLICY: "open" };

describeEachEngine("abuse limits", (t) => {
  describe("a directly exposed server (TRUST_PROXY unset)", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ DATABASE_URL: t().url, ...DEFAULTS });
    });
    afterAll(() => server?.stop());

    it("refuses the 61st sign-in start a minute from one address with a Japanese 429 and Retry-After; others pass", async () => {
      for (let i = 0; i < 60; i++) expect((await startSignIn(server.port, "127.0.0.2")).status, `attempt ${i + 1}`).toBe(302);
      const refused = await startSignIn(server.port, "127.0.0.2");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
      expect(refused.body).toContain("アクセスが集中しています");
      expect(refused.headers["cache-control"]).toBe("no-store");
      // the callback counts too
      expect((await send(server.port, "127.0.0.2", { path: "/auth/google/callback?code=x&state=y" })).status).toBe(429);
      // another address, and other pages of the same address, are not affected
      expect((await startSignIn(server.port, "127.0.0.3")).status).toBe(302);
      expect((await send(server.port, "127.0.0.2", { path: "/" })).status).toBe(200);
      // with no proxy trusted, a client's own X-Forwarded-For changes nothing
      expect((await startSignIn(server.port, "127.0.0.2", { "x-forwarded-for": "203.0.113.9" })).status).toBe(429);
      await server.waitForLog(/"limit":"sign-in","address":"127\.0\.0\.2".*"msg":"rate limit reached"/);
    });

    it("clears a session cookie that fails its signature, and refuses an address that keeps sending them", async () => {
      const forged = { cookie: "__Host-session=forged-token.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
      const first = await send(server.port, "127.0.0.4", { path: "/", headers: forged });
      expect(first.status).toBe(200);
      expect(String(first.headers["set-cookie"])).toMatch(/__Host-session=; Max-Age=0/);
      for (let i = 1; i < 30; i++) expect((await send(server.port, "127.0.0.4", { path: "/", headers: forged })).status).toBe(200);
      const refused = await send(server.port, "127.0.0.4", { path: "/", headers: forged });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(60); // a 10-minute window
      // the same address without the forged cookie, and another address with one, still get in
      expect((await send(server.port, "127.0.0.4", { path: "/" })).status).toBe(200);
      expect((await send(server.port, "127.0.0.5", { path: "/", headers: forged })).status).toBe(200);
    });
  });

  describe("behind one proxy (TRUST_PROXY=1)", () => {
    let server: RunningServer;
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    beforeAll(async () => {
      // the public origin is the proxy's (as Cloud Run's URL is its front end's)
      const proxyPort = await freePort();
      server = await startServer({ DATABASE_URL: t().url, ...DEFAULTS, TRUST_PROXY: "1", APP_URL: `http://127.0.0.1:${proxyPort}` });
      proxy = await startProxy(server.port, proxyPort);
    });
    afterAll(async () => {
      await proxy?.close();
      await server?.stop();
    });

    it("keys on the address the proxy saw: a forged X-Forwarded-For does not get around it", async () => {
      for (let i = 0; i < 60; i++) {
        // a different made-up address on every attempt: the proxy appends the real one after it
        expect((await startSignIn(proxy.port, "127.0.0.6", { "x-forwarded-for": `198.51.100.${i}` })).status, `attempt ${i + 1}`).toBe(302);
      }
      expect((await startSignIn(proxy.port, "127.0.0.6", { "x-forwarded-for": "198.51.100.250" })).status).toBe(429);
      expect((await startSignIn(proxy.port, "127.0.0.6")).status).toBe(429);
      // another real client behind the same proxy has its own budget
      expect((await startSignIn(proxy.port, "127.0.0.7", { "x-forwarded-for": "127.0.0.6" })).status).toBe(302);
      await server.waitForLog(/"address":"127\.0\.0\.6"/);
      expect(server.logs()).not.toMatch(/"address":"198\.51\.100/);
    });
  });
});
