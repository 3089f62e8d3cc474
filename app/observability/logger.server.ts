// One pino logger for the whole server: JSON lines in production, readable lines in development.
// Redaction is a second line of defence; the first is never passing secrets to the logger at all.
import pino from "pino";

const REDACT = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  "*.password",
  "*.accessToken",
  "*.refreshToken",
  "*.idToken",
  "*.access_token",
  "*.refresh_token",
  "*.id_token",
  "*.code",
  "*.state",
  "*.token",
];

function build() {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info");
  const opts: pino.LoggerOptions = { level, redact: { paths: REDACT, censor: "[redacted]" }, base: { service: "suzumina-web" } };
  // Development reads its logs, on a terminal or piped into a file or `| less` (colours only on a
  // terminal); production and tests get the JSON lines machines read.
  if (process.env.NODE_ENV === "development") {
    return pino({ ...opts, transport: { target: "pino-pretty", options: { colorize: !!process.stdout.isTTY, ignore: "pid,hostname,service" } } });
  }
  // Cloud Logging reads `severity` (it ignores pino's numeric level), so errors show as errors there.
  return pino({ ...opts, formatters: { level: (label, number) => ({ level: number, severity: SEVERITY[label] ?? "DEFAULT" }) } });
}

const SEVERITY: Record<string, string> = {
  trace: "DEBUG",
  debug: "DEBUG",
  info: "INFO",
  warn: "WARNING",
  error: "ERROR",
  fatal: "CRITICAL",
};

const g = globalThis as typeof globalThis & { __suzuminaLogger?: pino.Logger };
export const logger: pino.Logger = (g.__suzuminaLogger ??= build());
