// One id per request, shared with whatever called us: an incoming X-Request-Id (load balancers, other
// services) or Cloud Run's X-Cloud-Trace-Context ("TRACE_ID/SPAN_ID;o=1"), else a new UUID.
// Incoming ids are accepted only in a safe shape so a client cannot inject text into the logs.
import { randomUUID } from "node:crypto";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACE = /^([0-9a-f]{32})(?:\/|$)/i;

type HeaderValue = string | string[] | undefined;
const first = (v: HeaderValue) => (Array.isArray(v) ? v[0] : v);

export interface RequestIds {
  requestId: string;
  /** Cloud Trace id when the request came through Google's front end; links log lines to traces. */
  traceId?: string;
}

export function requestIds(headers: Record<string, HeaderValue>): RequestIds {
  const traceId = first(headers["x-cloud-trace-context"])?.match(TRACE)?.[1]?.toLowerCase();
  const given = first(headers["x-request-id"])?.trim();
  const requestId = given && SAFE_ID.test(given) ? given : (traceId ?? randomUUID());
  return traceId ? { requestId, traceId } : { requestId };
}
