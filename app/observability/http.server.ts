// What server.js mounts in front of Remix: the per-request log line and metrics, and the operational
// endpoints /healthz, /readyz and /metrics, answered without React rendering or Remix's router.
import { timingSafeEqual } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pinoHttp } from "pino-http";
import { pingDatabase } from "~/db/health.server";
import { env } from "~/env.server";
import { logger } from "./logger.server";
import { metrics, observeRequest } from "./metrics.server";
import { requestIds } from "./request-id.server";
import { createRouteLabeler, type BuildRoute } from "./route-label.server";

type Req = IncomingMessage & { originalUrl?: string; id?: unknown };
// Per-request facts for the log line; not on req itself (Express owns req.route).
const facts = new WeakMap<IncomingMessage, { route: string; traceId?: string }>();
type Handler = (req: Req, res: ServerResponse, next?: (err?: unknown) => void) => void;

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";
export const METRICS_PATH = "/metrics";

const g = globalThis as typeof globalThis & { __suzuminaStopping?: boolean };
/** After SIGTERM: /readyz answers 503 so load balancers stop sending new requests. */
export function markStopping(): void {
  g.__suzuminaStopping = true;
}

/** The path without its query string: queries can hold OAuth `code`/`state`, tokens, e-mail addresses. */
export function pathOf(url: string | undefined): string {
  const raw = url ?? "/";
  const q = raw.search(/[?#]/);
  return q === -1 ? raw : raw.slice(0, q);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(body));
}

/** Set by app/maintenance.server.ts on the 503 it answers writes with. */
const isMaintenanceRefusal = (res: unknown) => (res as { locals?: { maintenance?: boolean } }).locals?.maintenance === true;

/** Top-level names in the public folder, so their requests are labelled "static", not "unmatched". */
function publicPrefixes(dir: string | undefined): string[] {
  if (!dir) return [];
  try {
    return readdirSync(dir).map((n) => (statSync(path.join(dir, n)).isDirectory() ? `/${n}/` : `/${n}`));
  } catch {
    return [];
  }
}

export interface OperationsOptions {
  build: { routes: Record<string, BuildRoute>; publicPath: string };
  /** Folder served as static files at the site root (public/). */
  publicDir?: string;
}

export function createOperations({ build, publicDir }: OperationsOptions) {
  const e = env();
  const routeOf = createRouteLabeler(build.routes, {
    fixed: [HEALTH_PATH, READY_PATH, METRICS_PATH],
    staticPrefixes: [build.publicPath, ...publicPrefixes(publicDir)],
  });
  const probes = new Set([HEALTH_PATH, READY_PATH]);

  const requestLog = pinoHttp({
    logger,
    genReqId: (req) => (req as Req).id as string,
    quietReqLogger: true, // lines logged during the request carry only reqId
    customAttributeKeys: { reqId: "requestId", responseTime: "durationMs" },
    // Only these fields: never headers (cookies, Authorization), never the query string.
    serializers: {
      req: (r: { method: string; url: string }) => ({ method: r.method, path: pathOf(r.url) }),
      res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
    },
    customProps: (req) => facts.get(req) ?? {},
    // Probes every few seconds would drown the log; they show at debug, or when they fail.
    customLogLevel: (req, res, err) => {
      // a write refused on purpose by the read-only maintenance mode is no failure
      if (isMaintenanceRefusal(res)) return "info";
      if (err || res.statusCode >= 500) return probes.has(pathOf((req as Req).originalUrl ?? req.url)) ? "warn" : "error";
      if (probes.has(pathOf((req as Req).originalUrl ?? req.url))) return "debug";
      return "info";
    },
    customSuccessMessage: () => "request",
    customErrorMessage: (_req, res) => (isMaintenanceRefusal(res) ? "request refused: read-only maintenance" : "request failed"),
    // …and carries no error object (pino-http makes one, with a stack, for every 5xx)
    customErrorObject: (_req, res, _err, val) => (isMaintenanceRefusal(res) ? { ...val, err: undefined } : val),
  });

  /** First middleware: request id (echoed in X-Request-Id), route label, log line, metrics. */
  const observeRequests: Handler = (req, res, next) => {
    const started = process.hrtime.bigint();
    const ids = requestIds(req.headers);
    const route = routeOf(pathOf(req.url));
    req.id = ids.requestId;
    facts.set(req, ids.traceId ? { route, traceId: ids.traceId } : { route });
    res.setHeader("X-Request-Id", ids.requestId);
    res.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      observeRequest(req.method ?? "GET", route, res.statusCode, seconds);
    });
    requestLog(req, res, next);
  };

  const healthz: Handler = (_req, res) => json(res, 200, { status: "ok" });

  const readyz: Handler = (_req, res) => {
    if (g.__suzuminaStopping) return json(res, 503, { status: "stopping" });
    void pingDatabase(e.READYZ_TIMEOUT_MS).then((ping) => {
      metrics.dbUp.set(ping.ok ? 1 : 0);
      if (ping.ok) return json(res, 200, { status: "ok", database: { ok: true, ms: Math.round(ping.ms * 10) / 10 } });
      // The reason goes to the log, not to the (public) response.
      logger.warn({ err: ping.error, reason: ping.reason, timeoutMs: e.READYZ_TIMEOUT_MS }, "readiness: database unavailable");
      json(res, 503, { status: "unavailable", database: { ok: false, reason: ping.reason } });
    });
  };

  const token = e.METRICS_TOKEN ? Buffer.from(`Bearer ${e.METRICS_TOKEN}`) : undefined;
  const metricsEndpoint: Handler = (req, res, next) => {
    if (!token) {
      // No token: open in development (local Prometheus), absent in production.
      if (e.NODE_ENV === "production") return next?.();
    } else {
      const given = Buffer.from(String(req.headers.authorization ?? ""));
      if (given.length !== token.length || !timingSafeEqual(given, token)) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        return json(res, 401, { status: "unauthorized" });
      }
    }
    void metrics.registry.metrics().then(
      (text) => {
        res.statusCode = 200;
        res.setHeader("Content-Type", metrics.registry.contentType);
        res.setHeader("Cache-Control", "no-store");
        res.end(text);
      },
      (err) => next?.(err),
    );
  };

  return { observeRequests, healthz, readyz, metrics: metricsEndpoint };
}
