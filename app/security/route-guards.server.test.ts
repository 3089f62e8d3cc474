// The guards wrapped around every route's loader and action (database outages → 503/507, POST-only
// actions, unparseable forms → 400), on a hand-made build; the HTTP-level behaviour is covered by
// tests/bad-input.test.ts and tests/fault-*.test.ts against the real server.
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { withRouteGuards } from "./route-guards.server";

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("withRouteGuards", () => {
  const unreachable = Object.assign(new Error("Can't reach database server"), { code: "P1001" });
  const build = (loader: (a: { request: Request }) => unknown, component: boolean) =>
    ({ routes: { r: { id: "r", path: "/", module: { loader, action: loader, ...(component ? { default: () => null } : {}) } } } }) as unknown as ServerBuild;
  const call = (b: ServerBuild, request = new Request("http://x/")) =>
    (b.routes.r!.module.loader as (a: { request: Request }) => Promise<unknown>)({ request });
  const act = (b: ServerBuild, request: Request) => (b.routes.r!.module.action as (a: { request: Request }) => Promise<unknown>)({ request });

  it("turns a database outage into a 503 response (page routes: empty, their ErrorBoundary renders)", async () => {
    const thrown = await caught(call(withRouteGuards(build(() => Promise.reject(unreachable), true))));
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(503);
    expect(await (thrown as Response).text()).toBe("");
  });

  it("gives resource routes a friendly page of their own", async () => {
    const thrown = (await caught(call(withRouteGuards(build(() => Promise.reject(unreachable), false))))) as Response;
    expect(thrown.status).toBe(503);
    expect(thrown.headers.get("content-type")).toMatch(/text\/html/);
    expect(await thrown.text()).toContain("ただいま混み合っています");
  });

  it("leaves other errors and return values alone", async () => {
    const bug = new TypeError("bug");
    expect(await caught(call(withRouteGuards(build(() => Promise.reject(bug), true))))).toBe(bug);
    expect(await call(withRouteGuards(build(() => ({ ok: 1 }), true)))).toEqual({ ok: 1 });
  });

  it("lets actions answer POST only: other verbs get 405 before the action runs", async () => {
    let ran = 0;
    const b = withRouteGuards(build(() => ++ran, false));
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const thrown = (await caught(act(b, new Request("http://x/", { method })))) as Response;
      expect(thrown.status).toBe(405);
      expect(await thrown.text()).toContain("この操作はできません");
    }
    expect(ran).toBe(0);
    expect(await act(b, new Request("http://x/", { method: "POST" }))).toBe(1);
  });

  it("answers 400 when the body is not a parseable form or holds a NUL byte, and passes good forms through", async () => {
    const b = withRouteGuards(build(async ({ request }) => Object.fromEntries(await request.formData()), true));
    const broken = new Request("http://x/", { method: "POST", headers: { "content-type": "multipart/form-data" }, body: "--x\r\n" });
    const thrown = (await caught(act(b, broken))) as Response;
    expect(thrown).toBeInstanceOf(Response);
    expect(thrown.status).toBe(400);
    const nul = new Request("http://x/", { method: "POST", body: new URLSearchParams({ userId: "a\0b" }) });
    expect(((await caught(act(b, nul))) as Response).status).toBe(400);
    const good = new Request("http://x/", { method: "POST", body: new URLSearchParams({ a: "1" }) });
    expect(await act(b, good)).toEqual({ a: "1" });
  });
});
