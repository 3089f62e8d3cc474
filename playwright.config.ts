// End-to-end journeys in real Chromium against the production build on PostgreSQL (`npm run test:e2e`).
// Local runs start everything in e2e/global-setup.ts; E2E_BASE_URL=https://… runs them against a
// deployed app instead. Chromium: Debian's /usr/bin/chromium unless E2E_CHROMIUM_PATH names another;
// E2E_CHROMIUM_PATH="" uses Playwright's own downloaded browser (CI images that have one).
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const chromiumPath = process.env.E2E_CHROMIUM_PATH ?? "/usr/bin/chromium";
const executablePath = chromiumPath && existsSync(chromiumPath) ? chromiumPath : undefined;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: !!process.env.CI,
  retries: 0,
  // generous: CI machines and this 2-core box run other suites beside it; a journey takes 2–15 s unloaded
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  use: {
    locale: "ja-JP",
    // the mock Google is served over HTTPS with the test CA (test-support/tls.ts), which Chromium does not know
    ignoreHTTPSErrors: true,
    timezoneId: "Asia/Tokyo",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      },
    },
  ],
});
