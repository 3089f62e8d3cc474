// Which engine a DATABASE_URL names. Shared by prisma.config.ts, the client factory and the scripts,
// so "which database is this" has exactly one answer.
/** The engines, in the order everything iterates them (schemas, clients, tests, benchmarks). */
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const DEFAULT_DEV_DATABASE_URL = "file:./data/dev.db";

export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" / "postgres://" (PostgreSQL); got "${redactUrl(url)}"`,
  );
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/?#@]*:)[^@/?#]*@/i, "$1***@").slice(0, 200);
}

/** SQLite file path of a file: URL, relative paths taken from the working directory (the project root). */
export function sqlitePath(url: string): string {
  const p = url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "");
  return p;
}
