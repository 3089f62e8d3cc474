// Guards applied once to every route of the server build (server.js), so no loader or action has to
// remember them:
//  - database outages (unreachable, read-only, full: app/db/unavailable.server.ts) → 503/507 instead of
//    a 500, which the root ErrorBoundary renders as a friendly page;
//  - actions answer POST only (every form here posts): PUT/PATCH/DELETE → 405, not a silent sign-out;
//  - a body that cannot be parsed as a form (broken multipart, wrong encoding) or has NUL bytes → 400.
import type { ServerBuild } from "@remix-run/node";
import { databaseUnavailable, type DatabaseUnavailable } from "~/db/unavailable.server";
import { logger } from "~/observability/logger.server";
import { plainErrorPage } from "./request-guard.server";

type Handler = (args: { request: Request }) => unknown;

/** Change here if a route ever needs another verb (e.g. <Form method="delete">). */
const ACTION_METHODS = new Set(["POST"]);

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

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 405: "Method Not Allowed", 503: "Service Unavailable", 507: "Insufficient Storage" };

/**
 * Page routes get an empty error response that their ErrorBoundary renders; resource routes (no
 * component, e.g. POST /logout) send the response as it is, so it carries a small page of its own.
 */
export function errorResponse(status: number, { resourceRoute = false, headers = {} as Record<string, string> } = {}): Response {
  const h: Record<string, string> = { "Cache-Control": "no-store", ...headers };
  if (resourceRoute) h["Content-Type"] = "text/html; charset=utf-8";
  return new Response(resourceRoute ? plainErrorPage(status) : null, { status, statusText: STATUS_TEXT[status] ?? "", headers: h });
}

export function unavailableResponse(u: DatabaseUnavailable, opts: { resourceRoute?: boolean } = {}): Response {
  return errorResponse(u.status, { ...opts, headers: { "Retry-After": "5" } });
}

/**
 * The request with formData() answering 400 when the body is not a parseable form, or when a field
 * holds a NUL byte (never meaningful in a form here; PostgreSQL rejects it in text, SQLite would store it).
 */
function withFormGuard(request: Request, resourceRoute: boolean): Request {
  const formData = request.formData.bind(request);
  const bad = (why: string) => {
    logger.info({ why, path: new URL(request.url).pathname }, "rejected form body");
    return errorResponse(400, { resourceRoute });
  };
  request.formData = async () => {
    const form = await formData().catch((err: unknown) => {
      throw bad(err instanceof Error ? err.message : String(err));
    });
    for (const [, value] of form) if (typeof value === "string" && value.includes("\0")) throw bad("NUL byte in a field");
    return form;
  };
  return request;
}

function wrap<F extends Handler | undefined>(fn: F, { resourceRoute, action }: { resourceRoute: boolean; action: boolean }): F {
  if (!fn) return fn;
  const wrapped = async (args: { request: Request }) => {
    if (action) {
      if (!ACTION_METHODS.has(args.request.method)) throw errorResponse(405, { resourceRoute, headers: { Allow: "GET, HEAD, POST" } });
      withFormGuard(args.request, resourceRoute);
    }
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
export function withRouteGuards<B extends ServerBuild>(build: B): B {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const m = route.module;
      const resourceRoute = !m.default;
      const loader = wrap(m.loader as Handler | undefined, { resourceRoute, action: false });
      const action = wrap(m.action as Handler | undefined, { resourceRoute, action: true });
      return [id, { ...route, module: { ...m, loader, action } }];
    }),
  );
  return { ...build, routes };
}
