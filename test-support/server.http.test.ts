import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachEngine } from "./engines";
import { startServer, type RunningServer } from "./server";

describeEachEngine("production server", (t) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: t().url });
  });
  afterAll(() => server?.stop());

  it("serves the landing page from the database", async () => {
    await t().db.user.create({ data: { displayName: "x", avatarUrl: "/a.svg" } });
    const res = await fetch(server.url + "/");
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/メンバー (<!-- -->)?1/);
  });

  it("answers unknown routes with the friendly 404 page, no stack trace", async () => {
    const res = await fetch(server.url + "/no/such/page");
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain("ページが見つかりません");
    expect(body).not.toMatch(/at .*\.js:\d+/);
  });

  it("stops cleanly on SIGTERM", async () => {
    const s = await startServer({ DATABASE_URL: t().url });
    expect(await s.stop("SIGTERM")).toBe(0);
  });
});

it("refuses to start with an invalid DATABASE_URL, naming it in one line", async () => {
  await expect(startServer({ DATABASE_URL: "mysql://nope" })).rejects.toThrow(/DATABASE_URL: must start with "file:"/);
});
