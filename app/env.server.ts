// Every environment variable the app reads, parsed once with zod. An invalid or missing variable stops
// start-up with one line naming it (server.js prints EnvError.message and exits 1).
// Documented, with defaults, in .env.example — keep the two in step.
import { z } from "zod";
import { DEFAULT_DEV_DATABASE_URL, providerOf } from "./db/provider";

const intFrom = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .default("0")
  .transform((v) => v === "1" || v === "true");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .min(1)
      .optional()
      .refine((u) => u === undefined || safeProvider(u), {
        message: 'must start with "file:" (SQLite) or "postgresql://" / "postgres://" (PostgreSQL)',
      }),
    /** PostgreSQL pool size per process. */
    DATABASE_POOL_MAX: intFrom(10, 1, 1000),
    /** PEM text of the CA that signs the PostgreSQL server certificate (sslmode=verify-ca / verify-full). */
    DATABASE_SSL_CA: z.string().optional(),
    /** How long a SQLite writer waits for the lock before SQLITE_BUSY. */
    SQLITE_BUSY_TIMEOUT_MS: intFrom(5000, 0, 600_000),
  })
  .transform((env, ctx) => {
    const url = env.DATABASE_URL ?? (env.NODE_ENV === "production" ? undefined : DEFAULT_DEV_DATABASE_URL);
    if (!url) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required when NODE_ENV=production" });
      return z.NEVER;
    }
    return { ...env, DATABASE_URL: url, DATABASE_PROVIDER: providerOf(url) };
  });

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

function safeProvider(url: string): boolean {
  try {
    providerOf(url);
    return true;
  } catch {
    return false;
  }
}

/** Parse an environment (process.env by default); throws EnvError with one line per bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Treat empty strings as unset, as a shell's `FOO=` means "no value".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`);
    throw new EnvError(`Invalid environment — ${lines.join("; ")}`);
  }
  return result.data;
}

let cached: Env | undefined;
/** The process environment, parsed on first use and then kept. */
export function env(): Env {
  return (cached ??= parseEnv());
}

export { flag as envFlag };
