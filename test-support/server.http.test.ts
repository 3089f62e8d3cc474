import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("a build of the other mode is refused in one line, before anything starts", () => {
  it("NODE_ENV=production refuses a development build (what `npm run dev` leaves in build/)", async () => {
    // Remix records the mode in the server bundle; `remix dev` writes `mode = "development"`.
    const dir = mkdtempSync(path.join(tmpdir(), "suzumina-devbuild-"));
    try {
      mkdirSync(path.join(dir, "server"));
      writeFileSync(path.join(dir, "server/index.js"), 'export const mode = "development";\n');
      await expect(startServer({ SUZUMINA_BUILD_DIR: dir })).rejects.toThrow(/before listening:\n[^\n]* holds a development build [^\n]*run `npm run build` first\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("NODE_ENV=development refuses a production build", async () => {
    await expect(startServer({ NODE_ENV: "development" })).rejects.toThrow(/before listening:\n[^\n]* holds a production build but NODE_ENV=development: run `npm run dev`[^\n]*\n$/);
  });

  it("a missing build is named, not a stack trace", async () => {
    await expect(startServer({ SUZUMINA_BUILD_DIR: path.join(tmpdir(), "suzumina-no-such-build") })).rejects.toThrow(/before listening:\nno server build in [^\n]*: run `npm run build`\n$/);
  });
});
