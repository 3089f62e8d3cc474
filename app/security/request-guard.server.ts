// Rejects malformed requests before Remix sees them, with a small friendly 4xx page instead of the
// 500 Express would give: methods the Fetch API cannot represent (TRACE, CONNECT…), Host headers that
// make no URL, and bodies over the limit. Also the last-resort error handler: never a stack trace.
import { isIP } from "node:net";
import { logger } from "~/observability/logger.server";

/** Forms here carry a few fields; anything near this is not a real form post. */
export const MAX_BODY_BYTES = 64 * 1024;

// Fetch's `new Request()` throws on TRACE/CONNECT/TRACK, which Remix's adapter turns into a 500.
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const PAGES: Record<number, [string, string]> = {
  400: ["リクエストが正しくありません", "URL を確認して、もう一度お試しください。"],
  405: ["この操作はできません", "このページはその方法では使えません。"],
  411: ["リクエストが正しくありません", "送信内容の長さが分かりません。"],
  413: ["送信内容が大きすぎます", "内容を減らして、もう一度お試しください。"],
  429: ["アクセスが集中しています", "短い時間に同じ操作が何度も繰り返されました。しばらく待ってから、もう一度お試しください。"],
  500: ["問題が発生しました", "申し訳ありません。時間をおいて、もう一度お試しください。"],
  // Same words as the root ErrorBoundary's, for resource routes (no React page) hit by a database outage.
  503: ["ただいま混み合っています", "一時的に利用できません。少し待ってから再読み込みしてください。"],
  507: ["ただいま保存できません", "サーバーの保存領域が不足しています。時間をおいて、もう一度お試しください。"],
};

// MAINTENANCE_MODE=read-only's answer to a write (app/maintenance.server.ts).
const MAINTENANCE: [string, string] = [
  "ただいまメンテナンス中です",
  "データの移行作業のため、ページの閲覧だけができます。ログイン・ログアウトや変更は、作業が終わるまでお待ちください。",
];

/** A self-contained page (no scripts, no styles needed) for errors answered outside Remix. */
export function plainErrorPage(status: number, kind?: "maintenance"): string {
  const [title, body] = kind === "maintenance" ? MAINTENANCE : (PAGES[status] ?? (status < 500 ? PAGES[400]! : PAGES[500]!));
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body><section class="error-page" data-status="${status}"><p>${status}</p><h1>${title}</h1><p>${body}</p><p><a href="/">トップページへ戻る</a></p></section></body></html>`;
}

interface Req {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  protocol: string;
  hostname?: string;
  originalUrl: string;
}
interface Res {
  headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  status(code: number): Res;
  end(body?: string): unknown;
}

function send(res: Res, status: number, extra: Record<string, string> = {}) {
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  res.status(status).end(plainErrorPage(status));
}

function hasValidUrl(req: Req): boolean {
  try {
    new URL(`${req.protocol}://${req.hostname ?? ""}${req.originalUrl}`);
    return Boolean(req.hostname);
  } catch {
    return false;
  }
}

// host = reg-name or IPv4 (letters, digits, "-", ".", "_"; labels of at most 63) or [IPv6], then an optional port.
const HOST = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|(?:[A-Za-z0-9_-]{1,63})(?:\.[A-Za-z0-9_-]{1,63})*\.?)(?::(\d{1,5}))?$/;
const PROTO = /^https?$/i;
const PORT = /^\d{1,5}$/;
// RFC 7239: pairs of token=(token | quoted-string) joined by ";", elements joined by ",".
const FORWARDED_ELEMENT = /^\s*[A-Za-z]+=(?:[!#$%&'*+.^_`|~0-9A-Za-z:[\]-]+|"[^"\\]*")(?:\s*;\s*[A-Za-z]+=(?:[!#$%&'*+.^_`|~0-9A-Za-z:[\]-]+|"[^"\\]*"))*\s*$/;

const validPort = (p: string) => Number(p) >= 1 && Number(p) <= 65535;

export function isValidHost(value: string): boolean {
  const m = HOST.exec(value);
  if (!m || value.length > 255) return false;
  if (m[1] !== undefined && !validPort(m[1])) return false;
  try {
    new URL(`http://${value}/`);
    return true;
  } catch {
    return false;
  }
}

/** An address in X-Forwarded-For: IPv4 or IPv6, optionally [bracketed] and with a port, as proxies write them. */
function isForwardedAddress(value: string): boolean {
  const v = value.replace(/^\[([^\]]+)\](?::\d{1,5})?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d{1,5}$/, "$1");
  return isIP(v) !== 0;
}

const list = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v.join(",") : v).split(",").map((x) => x.trim());

/**
 * Host and the forwarded headers: Remix's adapter builds the request URL from Host / X-Forwarded-Host
 * (port included, whatever `trust proxy` says), so a malformed one was a 500 with a stack trace.
 */
export function hasValidHostHeaders(headers: Req["headers"]): boolean {
  const host = headers.host;
  if (typeof host !== "string" || !isValidHost(host)) return false;
  const checks: [string[] | undefined, (x: string) => boolean][] = [
    [list(headers["x-forwarded-host"]), isValidHost],
    [list(headers["x-forwarded-proto"]), (x) => PROTO.test(x)],
    [list(headers["x-forwarded-port"]), (x) => PORT.test(x) && validPort(x)],
    [list(headers["x-forwarded-for"]), isForwardedAddress],
  ];
  for (const [values, valid] of checks) if (values && !values.every(valid)) return false;
  const forwarded = headers.forwarded;
  if (forwarded !== undefined) {
    const elements = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded).split(",");
    if (!elements.every((e) => FORWARDED_ELEMENT.test(e))) return false;
    // a host= pair must itself be a valid host
    for (const [, quoted, bare] of (Array.isArray(forwarded) ? forwarded.join(",") : forwarded).matchAll(/host=(?:"([^"]*)"|([^;,\s]+))/gi)) {
      if (!isValidHost(quoted ?? bare ?? "")) return false;
    }
  }
  return true;
}

/** Express middleware, mounted before static files and Remix. */
export function requestGuard(maxBodyBytes = MAX_BODY_BYTES) {
  return (req: Req, res: Res, next: () => void) => {
    if (!METHODS.has(req.method)) return send(res, 405, { Allow: "GET, HEAD, POST" });
    if (!hasValidHostHeaders(req.headers) || !hasValidUrl(req)) return send(res, 400);
    // A NUL byte is never meaningful in a URL here, and PostgreSQL rejects it in text (a 500 later on).
    if (req.originalUrl.includes("%00")) return send(res, 400);
    // Remix's pre-single-fetch data protocol: our client never uses it, Remix logs it as an error.
    if (/[?&]_data(=|&|$)/.test(req.originalUrl)) return send(res, 400);
    if (req.method !== "GET" && req.method !== "HEAD") {
      const length = req.headers["content-length"];
      // Streaming (chunked) uploads have no length to check up front; no form here needs them.
      if (length === undefined && req.headers["transfer-encoding"] !== undefined) {
        return send(res, 411, { Connection: "close" });
      }
      // Close the connection rather than read an oversized body to its end.
      if (Number(length) > maxBodyBytes) return send(res, 413, { Connection: "close" });
    }
    next();
  };
}

/** Express error handler (4 arguments): friendly page, status kept if it is a 4xx, error logged. */
export function lastResortErrorHandler() {
  return (error: unknown, req: Req, res: Res, next: (e: unknown) => void) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number; statusCode?: number })?.status ?? (error as { statusCode?: number })?.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) return send(res, status);
    logger.error({ err: error, method: req.method, path: req.originalUrl.split("?")[0] }, "request failed outside Remix");
    send(res, 500);
  };
}
