import { describe, expect, it } from "vitest";
import { pgPoolConfig } from "./pg-config.server";
import { redactUrl } from "./provider";

const cfg = (url: string, ca?: string) => pgPoolConfig(url, { poolMax: 5, ca });

describe("PostgreSQL URL → pool config", () => {
  it("reads the Cloud SQL socket form", () => {
    const c = cfg("postgresql://app:s%40cret@localhost/suzumina?host=/cloudsql/proj:asia-northeast1:db");
    expect(c.host).toBe("/cloudsql/proj:asia-northeast1:db");
    expect(c.user).toBe("app");
    expect(c.password).toBe("s@cret");
    expect(c.database).toBe("suzumina");
    expect(c.ssl).toBe(false);
    expect(c.max).toBe(5);
  });

  it("keeps TCP keepalive on, and sets statement_timeout only when asked (the app, not bulk transfers)", () => {
    expect(cfg("postgresql://h/db")).toMatchObject({ keepAlive: true });
    expect(cfg("postgresql://h/db")).not.toHaveProperty("statement_timeout");
    expect(pgPoolConfig("postgresql://h/db", { poolMax: 1, statementTimeoutMs: 0 })).not.toHaveProperty("statement_timeout");
    expect(pgPoolConfig("postgresql://h/db", { poolMax: 1, statementTimeoutMs: 1500 }).statement_timeout).toBe(1500);
  });

  it("follows libpq's sslmode meanings", () => {
    expect(cfg("postgresql://h/db?sslmode=require").ssl).toEqual({ rejectUnauthorized: false });
    expect(cfg("postgresql://h/db?sslmode=verify-full").ssl).toEqual({ rejectUnauthorized: true });
    expect(cfg("postgresql://h/db?sslmode=verify-full", "PEM").ssl).toEqual({ ca: "PEM", rejectUnauthorized: true });
    expect(cfg("postgresql://h/db?sslmode=disable").ssl).toBe(false);
  });

  it("explains what is missing instead of connecting insecurely", () => {
    expect(() => cfg("postgresql://h/db?sslmode=verify-ca")).toThrow(/DATABASE_SSL_CA/);
    expect(() => cfg("postgresql://h/db?sslmode=sometimes")).toThrow(/sslmode "sometimes"/);
  });

  it("never shows the password in messages", () => {
    expect(redactUrl("postgresql://app:hunter2@db:5432/x")).toBe("postgresql://app:***@db:5432/x");
  });
});
