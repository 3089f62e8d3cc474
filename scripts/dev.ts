// `npm run dev` after generate / migrate / seed: starts the mock Google (unless real credentials are
// configured) next to `remix dev`, so signing in works out of the box. Ctrl-C stops both.
import "dotenv/config";
import { spawn } from "node:child_process";
import { startMockOidc, type MockOidc } from "./mock-oidc";

const clientId = process.env.GOOGLE_CLIENT_ID;
const mockMode = process.env.AUTH_MOCK === "1" || process.env.AUTH_MOCK === "true" || !clientId || clientId === "mock";

let mock: MockOidc | undefined;
if (mockMode) {
  const url = new URL(process.env.MOCK_OIDC_URL || "http://127.0.0.1:4010");
  try {
    mock = await startMockOidc({ port: Number(url.port || 80), host: url.hostname });
    console.log(`mock Google sign-in at ${mock.issuer}: type any e-mail on /login (seeded admin: admin@example.com)`);
  } catch (err) {
    // e.g. `npm run mock:oidc` is already running on that port: use it
    console.warn(`mock Google not started (${(err as Error).message}); expecting one at ${url.origin}`);
  }
}

const remix = spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "dev", "-c", "node server.js"], { stdio: "inherit" });
const stop = async (code: number) => {
  await mock?.stop().catch(() => {});
  process.exit(code);
};
remix.on("exit", (code) => void stop(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => remix.kill(signal));
}
