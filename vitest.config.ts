import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "scripts/**/*.test.ts", "prisma/**/*.test.ts", "tests/**/*.test.ts"],
    // The load test measures the server under 200 concurrent users; it runs alone (`npm run test:load`)
    // so other test files do not compete with it for the CPU.
    exclude: ["**/node_modules/**", "**/.cache/**", ...(process.env.SUZUMINA_LOAD_TEST ? [] : ["tests/load.test.ts"])],
    globalSetup: ["app/test/global-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
