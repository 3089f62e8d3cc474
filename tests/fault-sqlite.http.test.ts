// SQLite storage faults under a running production server, made with the real filesystem:
//  - read-only: the database and WAL files become immutable (chattr +i) while the server holds them open;
//  - disk full: the database lives on a small tmpfs that the test fills up.
// Each time: reads keep working, writes get a clear 503/507 page (no stack trace) and a log line, the
// process survives, writes work again once the fault is gone, and PRAGMA integrity_check says "ok".
// Both need root (CAP_LINUX_IMMUTABLE / CAP_SYS_ADMIN); without it the block is skipped, saying why.
import { startTestMock } from "~test/mock-env";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { faultCapability, tryRun } from "~test/fault-capability";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type MockOidc } from "../scripts/mock-oidc";
import { startServer, type RunningServer } from "~test/server";
import { leaksInternals, signIn, signOut } from "~test/browserless";

const can = faultCapability();

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma("integrity_check", { simple: true }) as string) ?? "";
  } finally {
    db.close();
  }
}

function countRows(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function page(url: string, init: RequestInit = {}) {
  const res = await fetch(url, { redirect: "manual", ...init });
  return { status: res.status, body: await res.text(), location: res.headers.get("location") };
}

let mock: MockOidc;
beforeAll(async () => {
  mock = await startTestMock({ port: 0 });
});
afterAll(() => mock?.stop());

async function startOn(file: string): Promise<RunningServer> {
  return startServer({ DATABASE_URL: `file:${file}`, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "open" });
}

describe.skipIf(!can.immutable)("SQLite file turns read-only under the server (chattr +i)", () => {
  let dir: string;
  let file: string;
  let server: RunningServer;
  const locked: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "suzumina-ro-"));
    file = path.join(dir, "app.db");
    copyFileSync(inject("sqliteTemplate"), file);
    server = await startOn(file);
  });
  afterAll(async () => {
    for (const f of locked) tryRun("chattr", ["-i", f]);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads work, writes get a friendly 503 and a log line, no crash; writes resume; no corruption", async () => {
    const member = await signIn(server.url, "readonly@example.com");
    const me = (await page(server.url + "/login", { headers: { cookie: member.jar.header() } })).location!;
    expect((await page(server.url + me, { headers: { cookie: member.jar.header() } })).status).toBe(200);

    // The files (not the folder: SQLite's -shm is memory-mapped and must stay writable) become immutable.
    for (const f of [file, `${file}-wal`]) {
      if (existsSync(f)) {
        execFileSync("chattr", ["+i", f]);
        locked.push(f);
      }
    }
    const read = await page(server.url + me, { headers: { cookie: member.jar.header() } });
    expect(read.status).toBe(200);

    const jar = member.jar;
    const cookieBefore = jar.header();
    const res = await fetch(`${server.url}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie: cookieBefore },
      body: "",
    });
    const body = await res.text();
    expect(res.status).toBe(503);
    expect(body).toContain("ただいま混み合っています");
    expect(leaksInternals(body)).toBe(false);
    await server.waitForLog(/"msg":"database unavailable"/);
    expect(server.proc.exitCode).toBeNull();
    // a sign-in (writes a user and a session) fails cleanly too: a redirect to the error page, no 5xx
    const start = await fetch(`${server.url}/auth/google`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body: new URLSearchParams({ login_hint: "second@example.com", redirectTo: "/" }),
    });
    expect(start.status).toBe(302);

    for (const f of locked.splice(0)) execFileSync("chattr", ["-i", f]);
    // the session survived the failed sign-out, and signing out works again
    expect((await page(server.url + me, { headers: { cookie: cookieBefore } })).status).toBe(200);
    const out = await signOut(server.url, jar);
    expect(out.status).toBe(302);
    expect((await page(server.url + me, { headers: { cookie: cookieBefore } })).status).toBe(302); // → /login

    expect(await server.stop()).toBe(0);
    expect(integrity(file)).toBe("ok");
    expect(countRows(file, "users")).toBe(1);
    expect(countRows(file, "sessions")).toBe(0);
  });
});

describe.skipIf(!can.tmpfs)("SQLite disk full (database on a small tmpfs that fills up)", () => {
  let dir: string;
  let mnt: string;
  let file: string;
  let filler: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "suzumina-full-"));
    mnt = path.join(dir, "mnt");
    mkdirSync(mnt);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt]);
    file = path.join(mnt, "app.db");
    filler = path.join(mnt, "filler");
    copyFileSync(inject("sqliteTemplate"), file);
    server = await startOn(file);
  });
  afterAll(async () => {
    await server?.stop();
    tryRun("umount", [mnt]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes zeros until the filesystem says ENOSPC. */
  function fillDisk() {
    const fd = openSync(filler, "w");
    const chunk = Buffer.alloc(4096);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
    } finally {
      closeSync(fd);
    }
  }

  it("reads work, writes get a friendly 507 and a log line, no crash; writes resume after space returns; no corruption", async () => {
    const member = await signIn(server.url, "full@example.com");
    const cookie = member.jar.header();
    const me = (await page(server.url + "/login", { headers: { cookie } })).location!;

    fillDisk();
    expect((await page(server.url + me, { headers: { cookie } })).status).toBe(200);

    const res = await fetch(`${server.url}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie },
      body: "",
    });
    const body = await res.text();
    expect(res.status).toBe(507);
    expect(body).toContain("ただいま保存できません");
    expect(leaksInternals(body)).toBe(false);
    await server.waitForLog(/"reason":"storage_full"[^\n]*"msg":"database unavailable"/);
    expect(server.proc.exitCode).toBeNull();

    rmSync(filler);
    expect((await page(server.url + me, { headers: { cookie } })).status).toBe(200); // session kept
    expect((await signOut(server.url, member.jar)).status).toBe(302);
    expect((await signIn(server.url, "after@example.com")).location).toBe(server.url + "/");

    expect(await server.stop()).toBe(0);
    expect(integrity(file)).toBe("ok");
    expect(countRows(file, "users")).toBe(2);
    expect(countRows(file, "sessions")).toBe(1);
  });
});

it("reports which storage faults this machine could simulate", () => {
  console.log(`[fault] SQLite read-only via chattr +i: ${can.immutable ? "run" : "skipped (needs root on ext4/xfs/btrfs)"}; disk full via tmpfs: ${can.tmpfs ? "run" : "skipped (needs mount rights)"}`);
  expect(typeof can.immutable).toBe("boolean");
});
