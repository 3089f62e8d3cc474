// Three kinds of tests, told apart by their file names, each its own Vitest project:
//   unit  `*.test.ts`       pure: no database, no build (npm run test:unit, seconds)
//   db    `*.db.test.ts`    every database test on both engines (npm run test:db)
//   http  `*.http.test.ts`  the real production server over HTTP (npm run test:http)
//   load  tests/load.http.test.ts, alone so nothing competes with it for the CPU (npm run test:load)
import path from "node:path";
import { defineConfig } from "vitest/config";

const LOAD = "tests/load.http.test.ts";
const roots = ["app", "scripts", "prisma", "tests", "test-support"];
const files = (suffix: string) => roots.map((r) => `${r}/**/*${suffix}`);

export default defineConfig({
  resolve: {
    alias: { "~": path.resolve(import.meta.dirname, "app"), "~test": path.resolve(import.meta.dirname, "test-support") },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
    exclude: ["**/node_modules/**", "**/.cache/**"],
    // every skip printed with its reason; under CI a skip test-support/skips.ts does not allow fails the run
    reporters: ["default", "./test-support/skip-reporter.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: files(".test.{ts,tsx}"), exclude: ["**/node_modules/**", "**/*.db.test.ts", "**/*.http.test.ts"] } },
      { extends: true, test: { name: "db", include: files(".db.test.ts"), globalSetup: ["test-support/global-setup.db.ts"] } },
      { extends: true, test: { name: "http", include: files(".http.test.ts"), exclude: ["**/node_modules/**", LOAD], globalSetup: ["test-support/global-setup.http.ts"] } },
      // opt-in (npm run test:load sets SUZUMINA_LOAD_TEST), so a plain `vitest run` never starts it by accident
      { extends: true, test: { name: "load", include: process.env.SUZUMINA_LOAD_TEST ? [LOAD] : [], globalSetup: ["test-support/global-setup.http.ts"] } },
    ],
  },
});
