// Load: 200 concurrent virtual users, each looping sign-in (the real OAuth flow against the mock
// provider, redirects followed by hand) → own profile page → sign-out, for a bounded time, against the
// real production server on loopback, on SQLite and on PostgreSQL. Zero errors, zero SQLITE_BUSY in the
// server's log, and no session row left behind. Prints throughput and flow latency (not asserted:
// speed is the benchmarks' business).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startMockOidc, type MockOidc } from "../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { signIn, signOut } from "~test/browserless";

const USERS = Number(process.env.LOAD_USERS ?? 200);
const DURATION_MS = Number(process.env.LOAD_DURATION_MS ?? 12_000);
const REQUEST_TIMEOUT_MS = 20_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describeEachEngine("load: sign-in → profile → sign-out", (t) => {
  let server: RunningServer;
  let mock: MockOidc;
  beforeAll(async () => {
    mock = await startMockOidc({ port: 0 });
    // warn: keep the per-request info lines out of the way; errors and SQLITE_BUSY still show
    server = await startServer({ DATABASE_URL: t().url, MOCK_OIDC_URL: mock.issuer, ACCESS_POLICY: "open", LOG_LEVEL: "warn" });
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  it(`${USERS} virtual users for ${DURATION_MS / 1000} s: zero errors, no SQLITE_BUSY, no leaked sessions`, { timeout: DURATION_MS + 60_000 }, async () => {
    const url = server.url;
    const errors: string[] = [];
    const flowMs: number[] = [];
    const deadline = Date.now() + DURATION_MS;

    async function virtualUser(i: number) {
      const email = `load-${i}@example.com`;
      while (Date.now() < deadline) {
        const t0 = performance.now();
        try {
          const { jar, location } = await signIn(url, email, { redirectTo: "/login" });
          // /login sends a signed-in visitor to their own profile
          expect(location).toBe(url + "/login");
          const login = await fetch(location, { redirect: "manual", headers: { cookie: jar.header() }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          const profilePath = login.headers.get("location");
          if (login.status !== 302 || !profilePath?.startsWith("/users/")) throw new Error(`/login answered ${login.status} → ${profilePath}`);
          const profile = await fetch(url + profilePath, { headers: { cookie: jar.header() }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          const html = await profile.text();
          if (profile.status !== 200 || !html.includes('data-testid="profile-name"')) throw new Error(`profile answered ${profile.status}`);
          const out = await signOut(url, jar);
          if (out.status !== 302 || jar.get("__session")) throw new Error(`sign-out answered ${out.status}`);
          flowMs.push(performance.now() - t0);
        } catch (e) {
          errors.push(`${email}: ${(e as Error).message}`);
        }
      }
    }

    const started = performance.now();
    await Promise.all(Array.from({ length: USERS }, (_, i) => virtualUser(i)));
    const elapsed = (performance.now() - started) / 1000;

    flowMs.sort((a, b) => a - b);
    const sessionsLeft = await t().db.session.count();
    const users = await t().db.user.count();
    const busy = (server.logs().match(/SQLITE_BUSY|database is locked/g) ?? []).length;
    const serverErrors = server.logs().split("\n").filter((l) => l.includes('"level":50'));
    console.log(
      `[load] ${t().provider}: ${USERS} users, ${flowMs.length} complete flows (5 app requests + 1 provider each) in ${elapsed.toFixed(1)} s = ` +
        `${(flowMs.length / elapsed).toFixed(1)} flows/s; flow p50 ${percentile(flowMs, 50).toFixed(0)} ms, p99 ${percentile(flowMs, 99).toFixed(0)} ms; ` +
        `errors ${errors.length}, SQLITE_BUSY ${busy}, sessions left ${sessionsLeft}, users ${users}`,
    );
    if (errors.length > 0) console.log(server.logs().split("\n").filter((l) => /"level":(40|50|60)/.test(l)).slice(0, 5).join("\n"));
    expect(errors.slice(0, 10)).toEqual([]);
    expect(flowMs.length).toBeGreaterThanOrEqual(USERS); // every user got round at least once
    expect(busy).toBe(0);
    expect(serverErrors.slice(0, 5)).toEqual([]);
    expect(sessionsLeft).toBe(0);
    expect(users).toBe(USERS);
    expect(server.proc.exitCode).toBeNull();
  });
});
