// The production (and development) HTTP server: Express with Remix's request handler, the same stack
// @remix-run/serve uses (compression, static assets with long cache, Remix handler), plus what
// remix-serve cannot give: structured request logs with request ids, metrics by route, health and
// readiness endpoints, start-up validation, graceful shutdown that drains requests and closes the pool.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";

const MODE = process.env.NODE_ENV ?? "production";
process.env.NODE_ENV = MODE;
const BUILD_DIR = process.env.SUZUMINA_BUILD_DIR || "build";
const BUILD_PATH = path.resolve(BUILD_DIR, "server/index.js");
function refuse(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(BUILD_PATH)) refuse(`no server build in ${BUILD_DIR}: run \`npm run build\``);
const build = await import(pathToFileURL(BUILD_PATH).href);
// The build must be of the mode the server runs in (Remix records it in the bundle as `mode`). A development
// build (what `npm run dev` leaves behind) under NODE_ENV=production answers every page with a 500 —
// its JSX calls React's jsx-dev-runtime, which is empty in production — and a production build under
// NODE_ENV=development has no `remix dev` to report to. `remix dev` itself rebuilds before it starts us.
if (MODE === "development" && build.mode !== "development") {
  refuse(`${BUILD_DIR} holds a production build but NODE_ENV=development: run \`npm run dev\` (it builds for development) or start with NODE_ENV=production`);
}
if (MODE !== "development" && build.mode !== "production") {
  refuse(`${BUILD_DIR} holds a development build (from \`npm run dev\`) but NODE_ENV=${MODE}: run \`npm run build\` first`);
}
const app = build.entry.module;

try {
  await app.startup();
} catch (error) {
  if (error?.name === "EnvError") refuse(error.message);
  throw error;
}

// Request ids, one log line and metrics per request; /healthz /readyz /metrics (app/observability).
const ops = app.createOperations({ build, publicDir: "public" });

const server = express();
server.disable("x-powered-by");
// req.ip (the address the abuse limits key on): the one the outermost of TRUST_PROXY proxies saw.
server.set("trust proxy", app.trustProxy());
server.use(ops.observeRequests);
// Security headers on every response, with a per-request CSP nonce in res.locals; malformed requests
// (TRACE, bad Host, oversized or unsized bodies) get a 4xx here instead of a 500 from Remix (app/security).
server.use(app.securityMiddleware({ mode: MODE }));
server.use(app.requestGuard());
// Cross-site form posts: a friendly 403 instead of the 500 Remix answers them with (app/auth/origin.server.ts).
server.use(app.crossOriginGuard());
server.get("/healthz", ops.healthz);
server.get("/readyz", ops.readyz);
server.get("/metrics", ops.metrics);
server.use(compression());
server.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
server.use(express.static("public", { maxAge: "1h" }));
// MAINTENANCE_MODE=read-only: every write answers 503 with Retry-After (app/maintenance.server.ts).
server.use(app.maintenanceGuard());
// Sign-in attempts and forged session cookies per client address: 429 past the limit (app/security).
server.use(app.rateLimits());
server.all(
  "*",
  createRequestHandler({
    // every loader/action: database unreachable/read-only/full → 503/507, actions POST-only (405),
    // unparseable form bodies → 400 (app/security/route-guards.server.ts)
    build: app.withRouteGuards(build),
    mode: MODE,
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
  }),
);
server.use(app.lastResortErrorHandler());

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const listener = server.listen(port, host, () => {
  app.logger.info({ port, host, mode: MODE }, `listening on http://localhost:${port}`);
  if (MODE === "development") broadcastDevReady(build);
});

// CONNECT (proxy tunnels) never reaches Express: answer 405 rather than dropping the connection mute.
listener.on("connect", (_req, socket) => socket.end("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));

// Graceful stop (Cloud Run sends SIGTERM and allows 10 s): readiness turns 503, the listener stops
// accepting, in-flight requests finish (their keep-alive connections are closed after the response),
// then the database pool closes and the process exits 0. Requests still running at 9 s are cut (exit 1).
const SHUTDOWN_GRACE_MS = 9_000;
let stopping = false;
listener.on("request", (_req, res) => {
  if (stopping) res.setHeader("Connection", "close");
  // A keep-alive connection whose last response just finished is idle now: close it while stopping.
  res.once("finish", () => stopping && setImmediate(() => listener.closeIdleConnections()));
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "shutting down: draining requests");
    app.beginShutdown();
    const started = Date.now();
    let forced = false;
    listener.close(async () => {
      try {
        await app.shutdown();
        app.logger.info({ ms: Date.now() - started, forced }, "stopped");
        process.exit(forced ? 1 : 0);
      } catch (err) {
        app.logger.error({ err }, "shutdown failed");
        process.exit(1);
      }
    });
    listener.closeIdleConnections();
    setTimeout(() => {
      forced = true;
      app.logger.error({ graceMs: SHUTDOWN_GRACE_MS }, "requests still running at the deadline; closing them");
      listener.closeAllConnections();
      // the pool may still wait for a query that never returns
      setTimeout(() => process.exit(1), 500).unref();
    }, SHUTDOWN_GRACE_MS).unref();
  });
}
