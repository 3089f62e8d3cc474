// The e2e test API: `test` with fixtures for the database, unique e-mails, signing in (mock Google
// locally, minted sessions on staging) and extra servers with other ACCESS_POLICY values.
/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its destructuring
   pattern, so fixtures without dependencies must be written `async ({}, provide) => …` */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { E2eDb } from "./support/db";
import { ROOT, startApp, type RunningApp } from "./support/launcher";
import { setMockProfile, type MockProfile } from "./support/mock-control";
import { appUrl, isStaging, LOCAL_ONLY_REASON } from "./support/mode";

export { expect };

const run = promisify(execFile);

export interface SignInOptions {
  /** Where to go after signing in (sent as redirectTo). */
  redirectTo?: string;
  /** What the mock provider returns for this e-mail (staging: name and picture go to e2e:session). */
  profile?: Omit<MockProfile, "email">;
  /** Role to give the user (staging: via e2e:session; local: after the sign-in, via the database). */
  role?: "member" | "admin";
  /** Base URL of the app to sign in to (default: the suite's app). */
  baseURL?: string;
}

export interface MintedSession {
  userId: string;
  cookie: { name: string; value: string };
}

interface TestFixtures {
  /** A new e-mail no other test uses: `<label>-<random>@<domain>`. */
  uniqueEmail: (label?: string, domain?: string) => string;
  /** Signs the page's context in as this e-mail and returns the user's id. */
  signIn: (page: Page, email: string, opts?: SignInOptions) => Promise<string>;
  /** A page in a new browser context: another person, or the same person's other device. Same checks as `page`. */
  newPage: () => Promise<Page>;
  /** Starts `node server.js` with env overrides for this test (stopped afterwards). Local runs only. */
  startApp: (overrides: Record<string, string>) => Promise<RunningApp>;
}

interface WorkerFixtures {
  db: E2eDb;
}

/** Console messages that mean the page is broken even if it looks fine. */
const BROKEN_PAGE = /Minified React error|Hydration failed|Content Security Policy|Refused to (execute|load|apply)/i;

/** Collects signs of a broken page from every page the context opens. */
function watchForBrokenPages(context: BrowserContext): string[] {
  const problems: string[] = [];
  context.on("page", (p) => {
    p.on("pageerror", (e) => problems.push(`${p.url()}: uncaught ${e.message}`));
    p.on("console", (m) => {
      if (m.type() === "error" && BROKEN_PAGE.test(m.text())) problems.push(`${p.url()}: ${m.text()}`);
    });
  });
  return problems;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  baseURL: async ({}, provide) => provide(appUrl()),

  // Every page of the test's main context: no uncaught script errors, no failed hydration, no CSP
  // violations (the app runs with a nonce-based CSP; a blocked script would leave a dead page).
  context: async ({ context }, provide) => {
    const problems = watchForBrokenPages(context);
    await provide(context);
    expect(problems, "browser errors").toEqual([]);
  },

  newPage: async ({ browser, viewport, javaScriptEnabled }, provide) => {
    const contexts: BrowserContext[] = [];
    const problems: string[][] = [];
    await provide(async () => {
      // the test's screen size (atEachWidth) and script setting hold for the other people too
      const ctx = await browser.newContext({ viewport, javaScriptEnabled, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
      contexts.push(ctx);
      problems.push(watchForBrokenPages(ctx));
      return ctx.newPage();
    });
    for (const ctx of contexts) await ctx.close();
    expect(problems.flat(), "browser errors in other contexts").toEqual([]);
  },

  db: [
    async ({}, provide) => {
      const db = new E2eDb();
      await provide(db);
      await db.close();
    },
    { scope: "worker" },
  ],

  uniqueEmail: async ({}, provide, testInfo) => {
    await provide((label = "user", domain = "example.com") => {
      if (!/^[a-z]+$/.test(label)) throw new Error(`uniqueEmail label must be a-z only, got ${label}`);
      const id = `${testInfo.workerIndex}${randomBytes(4).toString("hex")}`;
      // keep to TEST_EMAIL_PATTERN (support/db.ts): staging runs delete such users afterwards
      return `e2e-${label}-${id}@${domain}`.toLowerCase();
    });
  },

  signIn: async ({ db }, provide) => {
    await provide(async (page, email, opts = {}) => {
      const target = opts.baseURL ?? appUrl();
      if (isStaging) {
        const minted = await mintSession(email, opts.role, opts.profile?.name, opts.profile?.picture);
        await addSessionCookie(page.context(), target, minted.cookie);
        if (opts.redirectTo) await page.goto(new URL(opts.redirectTo, target).toString());
        return minted.userId;
      }
      await signInWithMock(page, target, email, opts);
      const user = await db.userByEmail(email);
      if (!user) throw new Error(`signed in as ${email} but no users row exists`);
      if (opts.role && user.role !== opts.role) {
        await db.query("update users set role = $1 where id = $2", [opts.role, user.id]);
      }
      return user.id;
    });
  },

  startApp: async ({}, provide, testInfo) => {
    test.skip(isStaging, LOCAL_ONLY_REASON);
    const started: RunningApp[] = [];
    await provide(async (overrides) => {
      const app = await startApp(overrides);
      started.push(app);
      return app;
    });
    for (const app of started) {
      await app.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach(`server ${app.url} log`, { body: app.logs(), contentType: "text/plain" });
      }
    }
  },
});

/** The two screens every page must work on: a phone and a laptop. */
export const WIDTHS = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "desktop", viewport: { width: 1280, height: 800 } },
] as const;

/** Declares the tests in `body` once per width in WIDTHS (titles say which); `newPage` pages get it too. */
export function atEachWidth(body: (width: (typeof WIDTHS)[number]) => void): void {
  for (const width of WIDTHS) {
    test.describe(`${width.name} ${width.viewport.width}px`, () => {
      test.use({ viewport: width.viewport });
      body(width);
    });
  }
}

/** The page is no wider than the window (nothing to scroll sideways). */
export async function expectNoHorizontalOverflow(page: Page, label = page.url()): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${label}: page wider than the window`).toBeLessThanOrEqual(client);
}

/** The header's (and landing page's) "ログイン" link: what a signed-out visitor sees. */
export function loginLink(page: Page) {
  return page.getByTestId("header-login");
}

/**
 * Submits the login page's form; with an e-mail, chooses that account on the provider's page (the mock
 * Google's account chooser). Without one, the provider already knows whom (an invitation's address).
 */
export async function submitLogin(page: Page, email?: string): Promise<void> {
  const origin = new URL(page.url()).origin;
  const backAtTheApp = (u: URL) => u.origin === origin && !u.pathname.startsWith("/auth/google") && u.pathname !== "/login";
  if (email === undefined) {
    await Promise.all([page.waitForURL(backAtTheApp), page.getByRole("button", { name: "Google でログイン" }).click()]);
    return;
  }
  await Promise.all([page.waitForURL((u) => u.origin !== origin), page.getByRole("button", { name: "Google でログイン" }).click()]);
  await page.locator('input[name="login_hint"]').fill(email);
  await Promise.all([page.waitForURL(backAtTheApp), page.getByRole("button", { name: "次へ" }).click()]);
}

/** The real journey: login page → mock Google (identity from login_hint) → callback → redirectTo. */
export async function signInWithMock(page: Page, baseURL: string, email: string, opts: SignInOptions = {}): Promise<void> {
  await setMockProfile({ email, ...opts.profile });
  const login = new URL("/login", baseURL);
  if (opts.redirectTo) login.searchParams.set("redirectTo", opts.redirectTo);
  await page.goto(login.toString());
  await submitLogin(page, email);
}

/** `npm run e2e:session` as a child process: creates/updates the user and a session, prints the cookie. */
export async function mintSession(email: string, role?: "member" | "admin", name?: string, avatarUrl?: string): Promise<MintedSession> {
  const args = ["--import", "tsx", path.join(ROOT, "scripts/e2e-session.ts"), "--email", email, "--json"];
  if (role) args.push("--role", role);
  if (name) args.push("--name", name);
  if (avatarUrl) args.push("--avatar", avatarUrl);
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env: process.env });
  return JSON.parse(stdout.trim().split("\n").pop()!) as MintedSession;
}

/** The app's session cookie, as production names it (Chromium keeps __Host- cookies on http://127.0.0.1 too). */
export function sessionCookieName(_baseURL?: string): string {
  return "__Host-session";
}

export async function addSessionCookie(context: BrowserContext, baseURL: string, cookie: { name: string; value: string }): Promise<void> {
  const u = new URL(baseURL);
  // As the app sets it: Secure, Path=/, host-only (a __Host- cookie has no Domain attribute; Chromium stores
  // one given by host name as host-only, and refuses a Secure one given by an http:// URL — though it keeps
  // the same cookie from a response of http://127.0.0.1, a secure origin to it).
  await context.addCookies([{ name: cookie.name, value: cookie.value, domain: u.hostname, path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
}
