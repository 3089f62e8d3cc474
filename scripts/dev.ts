// `npm run dev` after generate / migrate / seed: `remix dev` with sign-in working out of the box. Without
// GOOGLE_CLIENT_ID it starts the local mock Google (scripts/mock-oidc.ts) and configures the app for it
// the same way any provider is configured — OIDC_ISSUER and a client — so development runs the code
// production runs. With real credentials (in .env) the app signs in with Google. Ctrl-C stops both.
import "dotenv/config";
import { spawn } from "node:child_process";
import { DEV_CLIENT, startMockOidc, type MockOidc } from "./mock-oidc";

let mock: MockOidc | undefined;
const provider: Record<string, string> = {};
if (!process.env.GOOGLE_CLIENT_ID) {
  const port = Number(process.env.MOCK_OIDC_PORT ?? 4010);
  try {
    mock = await startMockOidc({ port, host: "127.0.0.1" });
    console.log(`mock Google sign-in at ${mock.issuer}: any e-mail signs in (seeded admin: admin@example.com)`);
  } catch (err) {
    // e.g. `npm run mock:oidc` is already running on that port: use it
    console.warn(`mock Google not started (${(err as Error).message}); expecting one at http://127.0.0.1:${port}`);
  }
  Object.assign(provider, { OIDC_ISSUER: mock?.issuer ?? `http://127.0.0.1:${port}`, GOOGLE_CLIENT_ID: DEV_CLIENT.id, GOOGLE_CLIENT_SECRET: DEV_CLIENT.secret });
}

const remix = spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "dev", "-c", "node server.js"], {
  stdio: "inherit",
  env: { ...process.env, ...provider },
});
const stop = async (code: number) => {
  await mock?.stop().catch(() => {});
  process.exit(code);
};
remix.on("exit", (code) => void stop(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => remix.kill(signal));
}
