// Load: 200 concurrent virtual users, each looping sign-in (the real OAuth flow against the mock
// provider, redirects followed by hand) → own profile page → sign-out, for a bounded time, against the
// real production server on loopback, on SQLite and on PostgreSQL. What fails it is the server's fault
// only: a 5xx or a wrong answer, an error in its log, SQLITE_BUSY, or a lost session (a row left behind
// that no client holds, or a cookie that stopped working). A request the CLIENT gave up on (our timeout,
// or undici's connect/headers timeout on a busy machine) is counted and printed, not failed: that user
// signs out afterwards, with time to spare, so its session is still accounted for.
import { startTestMock } from "~test/mock-env";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type MockOidc } from "../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { startServer, type RunningServer } from "~test/server";
import { signIn, signOut, type CookieJar } from "~test/browserless";

const USERS = Number(process.env.LOAD_USERS ?? 200);
const DURATION_MS = Number(process.env.LOAD_DURATION_MS ?? 12_000);
const REQUEST_TIMEOUT_MS = 20_000;

/** The client gave up (our AbortSignal timeout, undici's connect or headers timeout): not the server's fault. */
function isClientTimeout(e: unknown): boolean {
  const err = e as Error & { cause?: { code?: string; name?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return true;
  const code = err.cause?.code ?? "";
  return err.message === "fetch failed" && /^(UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ETIMEDOUT)$/.test(code);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describeEachEngine("load: sign-in → profile → sign-out", (t) => {
  let server: RunningServer;
  let mock: MockOidc;
  beforeAll(async () => {
    mock = await startTestMock({ port: 0 });
    // warn: keep the per-request info lines out of the way; errors and SQLITE_BUSY still show
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "open", LOG_LEVEL: "warn" });
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

    let clientTimeouts = 0;
    /** Jars that still hold a session because the client gave up mid-flow; signed out at the end. */
    const unfinished: CookieJar[] = [];
    const wait = () => ({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

    async function virtualUser(i: number) {
      const email = `load-${i}@example.com`;
      while (Date.now() < deadline) {
        const t0 = performance.now();
        let jar: CookieJar | undefined;
        try {
          const signedIn = await signIn(url, email, { redirectTo: "/login", timeoutMs: REQUEST_TIMEOUT_MS });
          jar = signedIn.jar;
          // /login sends a signed-in visitor to their own profile
          if (signedIn.location !== url + "/login") throw new Error(`sign-in landed on ${signedIn.location}`);
          const login = await fetch(signedIn.location, { redirect: "manual", headers: { cookie: jar.header() }, ...wait() });
          const profilePath = login.headers.get("location");
          if (login.status !== 302 || !profilePath?.startsWith("/users/")) throw new Error(`/login answered ${login.status} → ${profilePath} (a lost session?)`);
          const profile = await fetch(url + profilePath, { headers: { cookie: jar.header() }, ...wait() });
          const html = await profile.text();
          if (profile.status !== 200 || !html.includes('data-testid="profile-name"')) throw new Error(`profile answered ${profile.status}`);
          const out = await signOut(url, jar, REQUEST_TIMEOUT_MS);
          if (out.status !== 302 || jar.get("__Host-session")) throw new Error(`sign-out answered ${out.status}`);
          flowMs.push(performance.now() - t0);
        } catch (e) {
          if (isClientTimeout(e)) {
            clientTimeouts++;
            if (jar?.get("__Host-session")) unfinished.push(jar);
          } else errors.push(`${email}: ${(e as Error).message}`);
        }
      }
    }
    const started = performance.now();
    await Promise.all(Array.from({ length: USERS }, (_, i) => virtualUser(i)));
    const elapsed = (performance.now() - started) / 1000;

    // the users whose flow the client abandoned sign out now, unhurried; their sessions must still work
    for (const jar of unfinished) {
      const out = await signOut(url, jar, 60_000);
      if (out.status !== 302 || jar.get("__Host-session")) errors.push(`late sign-out answered ${out.status}`);
    }
    flowMs.sort((a, b) => a - b);
    const sessionsLeft = await t().db.session.count();
    const users = await t().db.user.count();
    const busy = (server.logs().match(/SQLITE_BUSY|database is locked/g) ?? []).length;
    const serverErrors = server.logs().split("\n").filter((l) => l.includes('"level":50'));
    console.log(
      `[load] ${t().provider}: ${USERS} users, ${flowMs.length} complete flows (5 app requests + 1 provider each) in ${elapsed.toFixed(1)} s = ` +
        `${(flowMs.length / elapsed).toFixed(1)} flows/s; flow p50 ${percentile(flowMs, 50).toFixed(0)} ms, p99 ${percentile(flowMs, 99).toFixed(0)} ms; ` +
        `server errors ${errors.length}, client timeouts ${clientTimeouts} (not failures), SQLITE_BUSY ${busy}, sessions left ${sessionsLeft}, users ${users}`,
    );
    if (errors.length > 0) console.log(server.logs().split("\n").filter((l) => /"level":(40|50|60)/.test(l)).slice(0, 5).join("\n"));
    expect(errors.slice(0, 10)).toEqual([]);
    // alive under load: a hung server gives only client timeouts, and no complete flow at all
    expect(flowMs.length).toBeGreaterThan(0);
    expect(busy).toBe(0);
    expect(serverErrors.slice(0, 5)).toEqual([]);
    expect(sessionsLeft).toBe(0);
    // every user that signed in exists once (a user whose first sign-in the client abandoned may be missing)
    expect(users).toBeLessThanOrEqual(USERS);
    expect(users).toBeGreaterThan(0);
    expect(server.proc.exitCode).toBeNull();
  });
});
