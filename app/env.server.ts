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

/** A comma-separated list, trimmed and lower-cased (e-mails, domains). */
const csvLower = z
  .string()
  .default("")
  .transform((s) => s.split(",").map((x) => x.trim().toLowerCase().replace(/^@/, "")).filter(Boolean));

/** Google's OpenID Connect issuer (OIDC_ISSUER's default). */
export const GOOGLE_ISSUER = "https://accounts.google.com";

const fields = z.object({
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
    /**
     * PostgreSQL statement_timeout of the app's connections: the server cancels a statement running
     * longer (the page answers 503) instead of holding a pooled connection and the request. 0 = none.
     */
    DATABASE_STATEMENT_TIMEOUT_MS: intFrom(10_000, 0, 3_600_000),
    /** PEM text of the CA that signs the PostgreSQL server certificate (sslmode=verify-ca / verify-full). */
    DATABASE_SSL_CA: z.string().optional(),
    /** How long a SQLite writer waits for the lock before SQLITE_BUSY. */
    SQLITE_BUSY_TIMEOUT_MS: intFrom(5000, 0, 600_000),

    // --- Sign-in (app/auth) ---
    /** Cookie signing secrets, comma-separated: the first signs, all verify (rotate by prepending). */
    SESSION_SECRET: z.string().optional(),
    /** Sliding session lifetime: a session unused for this many days expires. */
    SESSION_MAX_AGE_DAYS: intFrom(30, 1, 400),
    /** Absolute session lifetime: a session ends this many days after the sign-in, however active. */
    SESSION_ABSOLUTE_MAX_AGE_DAYS: intFrom(90, 1, 400),
    /** Live sessions per member; a new sign-in ends the oldest beyond this. */
    SESSION_MAX_PER_USER: intFrom(10, 1, 1000),
    /** Who may sign in: open (any Google account) | domain (ALLOWED_EMAIL_DOMAINS) | invite. */
    ACCESS_POLICY: z.enum(["open", "domain", "invite"]).optional(),
    /**
     * Comma-separated domains allowed under ACCESS_POLICY=domain: "example.org" = a Google Workspace
     * domain (the e-mail's domain and Google's hd claim must both be it), "consumer:gmail.com" = a
     * domain of consumer Google accounts (no hd claim), allowed only when listed so.
     */
    ALLOWED_EMAIL_DOMAINS: csvLower,
    /** Comma-separated e-mails that become admins at sign-in (and always pass the access gate). */
    ADMIN_EMAILS: csvLower,
    /**
     * The sign-in provider's OpenID Connect issuer: Google's by default (its endpoints are known). Any
     * other issuer is configured, not switched: its endpoints come from its discovery document
     * (<issuer>/.well-known/openid-configuration, read at the first sign-in) or from OIDC_*_URL below.
     * `npm run dev` and the tests point it at the local mock (scripts/mock-oidc.ts).
     */
    OIDC_ISSUER: z.url().default(GOOGLE_ISSUER),
    /** Explicit endpoints instead of discovery: all three or none. */
    OIDC_AUTHORIZATION_URL: z.url().optional(),
    OIDC_TOKEN_URL: z.url().optional(),
    OIDC_USERINFO_URL: z.url().optional(),
    /** The OAuth client at the provider (Google Cloud console → Credentials). */
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
    /** Absolute callback URL registered at Google; default <APP_URL or request origin>/auth/google/callback. */
    GOOGLE_CALLBACK_URL: z.url().optional(),
    /** The app's public origin (https://…): used for callback URLs and the Origin check on POSTs. */
    APP_URL: z.url().optional(),
    /** Removed: refused with a pointer to OIDC_ISSUER, so an old deployment's setting is not silently ignored. */
    AUTH_MOCK: z.string().optional(),

    // --- Maintenance (app/maintenance.server.ts) ---
    /**
     * read-only: the cut-over's write freeze. Pages are served, every write is refused (sign-in, admin
     * actions, settings, session refreshes) with a 503 page and Retry-After, and the database connections
     * themselves are read-only. Switched by the environment and a restart.
     */
    MAINTENANCE_MODE: z.enum(["off", "read-only"]).default("off"),
    /** Retry-After (seconds) on the read-only mode's 503 answers: how long the freeze is expected to last. */
    MAINTENANCE_RETRY_AFTER_SECONDS: intFrom(600, 1, 86_400),

    // --- Abuse limits (app/security/rate-limit.server.ts, server.js) ---
    /**
     * How many proxies in front of the app append to X-Forwarded-For (Cloud Run: 1, Fly: 1; directly
     * exposed: 0). The client address the limits key on is the one the outermost trusted proxy saw;
     * addresses a client writes into the header itself are ignored.
     */
    TRUST_PROXY: intFrom(0, 0, 10),
    /** Sign-in starts and callbacks per client address per minute (0: no limit). */
    SIGN_IN_RATE_LIMIT: intFrom(60, 0, 1_000_000),
    /** Requests with a session cookie that fails its signature, per client address per 10 minutes (0: no limit). */
    BAD_COOKIE_RATE_LIMIT: intFrom(30, 0, 1_000_000),

    // --- Operations (app/observability, server.js) ---
    /** pino level. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    /** Set → /metrics requires `Authorization: Bearer <token>`; unset → /metrics is 404 in production. */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Database queries slower than this (ms) are logged (SQL text only, never parameter values). */
    SLOW_QUERY_MS: intFrom(200, 0, 600_000),
    /** How long /readyz waits for the database ping before answering 503 (under the 1 s probe timeout). */
    READYZ_TIMEOUT_MS: intFrom(800, 50, 30_000),
    /** How often the database size gauge is sampled. */
    DB_SIZE_SAMPLE_MS: intFrom(60_000, 1000, 86_400_000),
    /** Run `prisma migrate deploy` before listening (single-instance setups only). */
    MIGRATE_ON_START: flag,
  });

/** DATABASE_URL with development's default, and the provider it names. */
function databaseUrl(env: { NODE_ENV: string; DATABASE_URL?: string }, ctx: z.RefinementCtx) {
  const url = env.DATABASE_URL ?? (env.NODE_ENV === "production" ? undefined : DEFAULT_DEV_DATABASE_URL);
  if (!url) {
    ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required when NODE_ENV=production" });
    return z.NEVER;
  }
  return { DATABASE_URL: url, DATABASE_PROVIDER: providerOf(url) };
}

export const envSchema = fields.transform((env, ctx) => {
  const db = databaseUrl(env, ctx);
  return db === z.NEVER ? z.NEVER : { ...env, ...db, ...authSettings(env, ctx) };
});

/**
 * What the database connection reads. The data commands (db:purge-sessions, db:backup, db:transfer…)
 * parse only these: a scheduled job or an operator's shell has the database's settings, not the sign-in
 * client's. The server parses the whole environment (env()) at start-up as before.
 */
const databaseEnvSchema = fields
  .pick({
    NODE_ENV: true,
    DATABASE_URL: true,
    DATABASE_POOL_MAX: true,
    DATABASE_STATEMENT_TIMEOUT_MS: true,
    DATABASE_SSL_CA: true,
    SQLITE_BUSY_TIMEOUT_MS: true,
    MAINTENANCE_MODE: true,
    SLOW_QUERY_MS: true,
  })
  .transform((env, ctx) => {
    const db = databaseUrl(env, ctx);
    return db === z.NEVER ? z.NEVER : { ...env, ...db };
  });

export type Env = z.output<typeof envSchema>;
export type DatabaseEnv = z.output<typeof databaseEnvSchema>;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
/** Google's own consumer domains: accounts there have no hd claim. */
const CONSUMER_DOMAINS = ["gmail.com", "googlemail.com"];

/** Signs cookies outside production when SESSION_SECRET is unset (a warning is logged). */
export const DEV_SESSION_SECRET = "dev-only-session-secret-do-not-use-in-production";

interface AuthEnvInput {
  NODE_ENV: string;
  SESSION_SECRET?: string;
  ACCESS_POLICY?: "open" | "domain" | "invite";
  ALLOWED_EMAIL_DOMAINS: string[];
  OIDC_ISSUER: string;
  OIDC_AUTHORIZATION_URL?: string;
  OIDC_TOKEN_URL?: string;
  OIDC_USERINFO_URL?: string;
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  GOOGLE_CALLBACK_URL?: string;
  APP_URL?: string;
  AUTH_MOCK?: string;
}

/**
 * Sign-in settings that depend on each other. Production needs the provider client here already (every
 * command there runs the deployment's environment); a development server is checked at its start
 * (assertCanServe), so development tools (the seed, the data commands) run without one.
 */
function authSettings(env: AuthEnvInput, ctx: z.RefinementCtx) {
  const prod = env.NODE_ENV === "production";
  const issue = (variable: string, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
  const secrets = (env.SESSION_SECRET ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (prod && secrets.length === 0) issue("SESSION_SECRET", "is required when NODE_ENV=production (e.g. `openssl rand -hex 32`)");
  if (secrets.some((s) => s.length < 32)) issue("SESSION_SECRET", "each comma-separated secret must be at least 32 characters");
  // Production must choose who gets in; development defaults to any account.
  const policy = env.ACCESS_POLICY ?? (prod ? undefined : "open");
  if (!policy) issue("ACCESS_POLICY", "is required when NODE_ENV=production: open, domain or invite");
  if (policy === "domain" && env.ALLOWED_EMAIL_DOMAINS.length === 0) {
    issue("ALLOWED_EMAIL_DOMAINS", "must list at least one domain when ACCESS_POLICY=domain");
  }
  for (const entry of env.ALLOWED_EMAIL_DOMAINS) {
    const consumer = entry.startsWith("consumer:");
    const domain = consumer ? entry.slice("consumer:".length) : entry;
    if (!DOMAIN.test(domain)) {
      issue("ALLOWED_EMAIL_DOMAINS", `"${entry.slice(0, 80)}" is not a domain (entries: example.org for a Google Workspace domain, consumer:gmail.com for a consumer one)`);
    } else if (!consumer && CONSUMER_DOMAINS.includes(domain)) {
      // a Workspace entry is checked against Google's hd claim, which these never carry: nobody would get in
      issue("ALLOWED_EMAIL_DOMAINS", `${domain} is not a Google Workspace domain: list it as consumer:${domain}`);
    }
  }
  if (env.AUTH_MOCK !== undefined) {
    issue("AUTH_MOCK", "was removed: the sign-in provider is configured, not switched — point OIDC_ISSUER at the mock (npm run dev does) and give its client in GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET");
  }
  if (prod && !env.GOOGLE_CLIENT_ID) issue("GOOGLE_CLIENT_ID", "is required when NODE_ENV=production");
  if (prod && !env.GOOGLE_CLIENT_SECRET) issue("GOOGLE_CLIENT_SECRET", "is required when NODE_ENV=production");
  const explicit = [env.OIDC_AUTHORIZATION_URL, env.OIDC_TOKEN_URL, env.OIDC_USERINFO_URL].filter(Boolean).length;
  if (explicit !== 0 && explicit !== 3) issue("OIDC_AUTHORIZATION_URL", "OIDC_AUTHORIZATION_URL, OIDC_TOKEN_URL and OIDC_USERINFO_URL go together: set all three or none");
  if (prod) {
    for (const [name, value] of [["OIDC_ISSUER", env.OIDC_ISSUER], ["OIDC_AUTHORIZATION_URL", env.OIDC_AUTHORIZATION_URL], ["OIDC_TOKEN_URL", env.OIDC_TOKEN_URL], ["OIDC_USERINFO_URL", env.OIDC_USERINFO_URL]] as const) {
      // tokens and identities travel here: never in clear text in production
      if (value && new URL(value).protocol !== "https:") issue(name, "must be an https:// URL when NODE_ENV=production");
    }
    if (!env.GOOGLE_CALLBACK_URL && !env.APP_URL) issue("APP_URL", "(or GOOGLE_CALLBACK_URL) is required when NODE_ENV=production");
  }
  return {
    SESSION_SECRETS: secrets.length > 0 ? secrets : [DEV_SESSION_SECRET],
    ACCESS_POLICY: policy ?? "open",
  };
}

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

function parseWith<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.output<S> {
  // Treat empty strings as unset, as a shell's `FOO=` means "no value".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`);
    throw new EnvError(`Invalid environment — ${lines.join("; ")}`);
  }
  return result.data;
}

/** Parse an environment (process.env by default); throws EnvError with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseWith(envSchema, source);
}

/** Parse only the database's settings (see databaseEnvSchema); EnvError as parseEnv. */
export function parseDatabaseEnv(source: Record<string, string | undefined> = process.env): DatabaseEnv {
  return parseWith(databaseEnvSchema, source);
}

let cached: Env | undefined;
/** The process environment, parsed on first use and then kept. */
export function env(): Env {
  return (cached ??= parseEnv());
}

let cachedDatabase: DatabaseEnv | undefined;
/** The database's settings from the process environment: the whole env() once that was parsed. */
export function databaseEnv(): DatabaseEnv {
  return (cachedDatabase ??= cached ?? parseDatabaseEnv());
}

export { flag as envFlag };

/** Express's `trust proxy` setting from TRUST_PROXY: the number of proxy hops, or false when none. */
export function trustProxy(): number | false {
  const hops = env().TRUST_PROXY;
  return hops > 0 ? hops : false;
}

/** A server needs a sign-in provider client, in development too: the start refuses without one, naming it. */
export function assertCanServe(e: Env): void {
  const missing = [
    !e.GOOGLE_CLIENT_ID && "GOOGLE_CLIENT_ID: is required to serve (npm run dev sets the local mock's development client)",
    !e.GOOGLE_CLIENT_SECRET && "GOOGLE_CLIENT_SECRET: is required to serve",
  ].filter(Boolean);
  if (missing.length) throw new EnvError(`Invalid environment — ${missing.join("; ")}`);
}
