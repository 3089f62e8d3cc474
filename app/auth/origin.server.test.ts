import { describe, expect, it } from "vitest";
import { crossOriginGuard, isSameOrigin, requireSameOrigin } from "./origin.server";

const post = (headers: Record<string, string>) => new Request("http://127.0.0.1:3000/admin/users", { method: "POST", headers });

describe("Origin/Referer check", () => {
  it("accepts the app's own origin, by Origin or (without one) by Referer", () => {
    expect(isSameOrigin(post({ Origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(isSameOrigin(post({ Referer: "http://127.0.0.1:3000/admin/users?q=x" }))).toBe(true);
  });

  it.each([
    [{ Origin: "https://evil.example" }],
    [{ Origin: "http://127.0.0.1:3001" }],
    [{ Origin: "https://127.0.0.1:3000" }],
    [{ Origin: "null" }],
    [{ Origin: "garbage" }],
    [{ Origin: "https://evil.example", Referer: "http://127.0.0.1:3000/" }],
    [{ Referer: "https://evil.example/http://127.0.0.1:3000" }],
    [{}],
  ])("refuses %j with 403", (headers) => {
    expect(isSameOrigin(post(headers))).toBe(false);
    let thrown: unknown;
    try {
      requireSameOrigin(post(headers));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Response).status).toBe(403);
  });
});

describe("crossOriginGuard (in front of Remix)", () => {
  function run(method: string, headers: Record<string, string>) {
    let status = 0;
    let body = "";
    let passed = false;
    const res = {
      setHeader: () => res,
      status: (s: number) => ((status = s), res),
      end: (b?: string) => void (body = b ?? ""),
    };
    crossOriginGuard()({ method, headers }, res, () => void (passed = true));
    return { status, body, passed };
  }

  it("passes safe methods, same-host posts, and posts without Origin (left to the actions' check)", () => {
    expect(run("GET", { origin: "https://evil.example", host: "app.test" }).passed).toBe(true);
    expect(run("POST", { origin: "https://app.test", host: "app.test" }).passed).toBe(true);
    expect(run("POST", { origin: "https://app.test", host: "internal:8080", "x-forwarded-host": "app.test" }).passed).toBe(true);
    expect(run("POST", { host: "app.test" }).passed).toBe(true);
  });

  it("answers other hosts, null and unparsable Origins with the friendly 403 page", () => {
    for (const origin of ["https://evil.example", "null", "::::"]) {
      const r = run("POST", { origin, host: "app.test" });
      expect(r.passed).toBe(false);
      expect(r.status).toBe(403);
      expect(r.body).toContain('data-testid="forbidden"');
    }
  });
});
