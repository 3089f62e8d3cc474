// Turns "database unavailable" errors thrown by any loader or action into a 503 (507 when storage is
// full) response, which the root ErrorBoundary renders as a friendly page; a 500 would say "bug".
// Applied once to the server build in server.js, so no route has to remember it.
import type { ServerBuild } from "@remix-run/node";
import { logger } from "~/observability/logger.server";
import { plainErrorPage } from "~/security/request-guard.server";
import { databaseUnavailable, type DatabaseUnavailable } from "./unavailable.server";

type Handler = (args: { request: Request }) => unknown;

/** One log line per reason per second at most: an outage must not flood the log. */
const LOG_EVERY_MS = 1000;
const lastLogged = new Map<string, { at: number; suppressed: number }>();

function logUnavailable(u: DatabaseUnavailable, request: Request, err: unknown) {
  const now = Date.now();
  const last = lastLogged.get(u.reason);
  if (last && now - last.at < LOG_EVERY_MS) {
    last.suppressed++;
    return;
  }
  lastLogged.set(u.reason, { at: now, suppressed: 0 });
  const message = err instanceof Error ? err.message.split("\n").filter(Boolean).at(-1)?.slice(0, 300) : undefined;
  logger.error(
    { reason: u.reason, code: u.code, status: u.status, method: request.method, path: new URL(request.url).pathname, suppressed: last?.suppressed ?? 0, error: message },
    "database unavailable",
  );
}

/**
 * Page routes get an empty error response that their ErrorBoundary renders; resource routes (no
 * component, e.g. POST /logout) send the response as it is, so it carries a small page of its own.
 */
export function unavailableResponse(u: DatabaseUnavailable, { resourceRoute = false } = {}): Response {
  const headers: Record<string, string> = { "Retry-After": "5", "Cache-Control": "no-store" };
  if (resourceRoute) headers["Content-Type"] = "text/html; charset=utf-8";
  return new Response(resourceRoute ? plainErrorPage(u.status) : null, {
    status: u.status,
    statusText: u.status === 507 ? "Insufficient Storage" : "Service Unavailable",
    headers,
  });
}

function wrap<F extends Handler | undefined>(fn: F, resourceRoute: boolean): F {
  if (!fn) return fn;
  const wrapped = async (args: { request: Request }) => {
    try {
      return await fn(args);
    } catch (err) {
      const u = databaseUnavailable(err);
      if (!u) throw err;
      logUnavailable(u, args.request, err);
      throw unavailableResponse(u, { resourceRoute });
    }
  };
  return wrapped as F;
}

/** The same build with every route's loader and action wrapped. */
export function withDatabaseErrors<B extends ServerBuild>(build: B): B {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const m = route.module;
      const resource = !m.default;
      const loader = wrap(m.loader as Handler | undefined, resource);
      const action = wrap(m.action as Handler | undefined, resource);
      return [id, { ...route, module: { ...m, loader, action } }];
    }),
  );
  return { ...build, routes };
}
