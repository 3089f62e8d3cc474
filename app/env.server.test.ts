import { describe, expect, it } from "vitest";
import { EnvError, parseDatabaseEnv, parseEnv } from "./env.server";

// a server always has a provider client (npm run dev gives the local mock's)
const CLIENT = { GOOGLE_CLIENT_ID: "dev-client", GOOGLE_CLIENT_SECRET: "dev-secret" };

describe("environment validation", () => {
  it("defaults to the development SQLite file outside production", () => {
    const e = parseEnv({ NODE_ENV: "development", ...CLIENT });
    expect(e.DATABASE_URL).toBe("file:./data/dev.db");
    expect(e.DATABASE_PROVIDER).toBe("sqlite");
    expect(e.DATABASE_POOL_MAX).toBe(10);
    expect(e.SQLITE_BUSY_TIMEOUT_MS).toBe(5000);
  });

  it("picks the provider from the URL scheme", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db", ...CLIENT }).DATABASE_PROVIDER).toBe("postgresql");
    expect(parseEnv({ DATABASE_URL: "postgresql://u@h/db", ...CLIENT }).DATABASE_PROVIDER).toBe("postgresql");
    expect(parseEnv({ DATABASE_URL: "file:/tmp/x.db", ...CLIENT }).DATABASE_PROVIDER).toBe("sqlite");
  });

  it("requires DATABASE_URL in production, naming it", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/DATABASE_URL: is required when NODE_ENV=production/);
  });

  it("names each invalid variable in one line", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "mysql://x", DATABASE_POOL_MAX: "lots" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL: must start with "file:"/);
    expect(message).toMatch(/DATABASE_POOL_MAX:/);
    expect(message.split("\n")).toHaveLength(1);
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", NODE_ENV: "test" }).DATABASE_URL).toBe("file:./data/dev.db");
  });

  it("the data commands need only the database's settings, in production too", () => {
    const prod = { NODE_ENV: "production", DATABASE_URL: "postgresql://u@h/db", DATABASE_POOL_MAX: "3", MAINTENANCE_MODE: "read-only" };
    // the server's parse still wants the sign-in settings…
    expect(() => parseEnv(prod)).toThrow(/SESSION_SECRET: is required.*GOOGLE_CLIENT_ID: is required/);
    // …a purge job or an operator's shell does not
    expect(parseDatabaseEnv(prod)).toMatchObject({ DATABASE_PROVIDER: "postgresql", DATABASE_POOL_MAX: 3, MAINTENANCE_MODE: "read-only" });
    expect(() => parseDatabaseEnv({ NODE_ENV: "production" })).toThrow(/DATABASE_URL: is required when NODE_ENV=production/);
    expect(() => parseDatabaseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with "file:"/);
  });
});
