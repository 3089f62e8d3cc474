import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { markPersonal } from "./auth/session.server";
import { logger } from "./observability/logger.server";
import { NonceProvider } from "./security/nonce";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // CSP nonce made by server.js for this response (app/security): every inline script must carry it.
  const nonce = loadContext.cspNonce ?? "";
  markPersonal(request, responseHeaders);
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are already handled by error boundaries; log only the first render's.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

// Process hooks for server.js (it imports only the server build).
export { startup, shutdown, beginShutdown, createOperations, EnvError, logger } from "./lifecycle.server";
export { securityMiddleware } from "./security/headers.server";
export { requestGuard, lastResortErrorHandler } from "./security/request-guard.server";
export { withRouteGuards } from "./security/route-guards.server";
export { rateLimits } from "./security/rate-limit.server";
export { maintenanceGuard } from "./maintenance.server";
export { trustProxy } from "./env.server";
export { crossOriginGuard } from "./auth/origin.server";

/** Single-fetch data requests (client navigations, form posts with JS): the same no-store rule as documents. */
export function handleDataRequest(response: Response, { request }: { request: Request }) {
  markPersonal(request, response.headers);
  return response;
}

/** Server errors go to the structured log; aborted requests and 404s are not errors. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "request failed");
}
