// `npm run e2e:session -- --email qa@example.com [--role admin] [--name "…"] [--avatar URL] [--json]`
// Signs a test user in without Google, for e2e runs against staging: creates or updates the user in the
// database E2E_DATABASE_URL names and mints a session through the app's own session storage
// (mintSessionCookie in app/auth/session.server.ts), then prints the cookie a browser would hold.
// The cookie is signed with SESSION_SECRET: use the deployed app's secret, or the app rejects it.
import { parseArgs } from "node:util";

const USAGE = "usage: npm run e2e:session -- --email EMAIL [--role member|admin] [--name NAME] [--avatar URL] [--json] [--dev]";

function fail(message: string): never {
  console.error(`e2e:session: ${message}\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      avatar: { type: "string" },
      json: { type: "boolean", default: false },
      // for a `npm run dev` server (plain http, NODE_ENV=development): the plain cookie name
      dev: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const email = args.email?.trim().toLowerCase();
if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) fail("--email must be an e-mail address");
if (args.role !== undefined && args.role !== "member" && args.role !== "admin") fail("--role must be member or admin");
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) fail("E2E_DATABASE_URL is not set (the database of the app the cookie is for)");
if (!process.env.SESSION_SECRET) {
  console.error("e2e:session: SESSION_SECRET is not set: the cookie is signed with the development secret and works only on servers without one");
}

// The app's modules read the environment on first use: point them at the e2e database first, and keep
// the logger off stdout (stdout carries only the cookie).
process.env.DATABASE_URL = databaseUrl;
process.env.LOG_LEVEL = process.env.E2E_SESSION_LOG_LEVEL ?? "silent";
const { closeDatabase } = await import("~/db/client.server");
const { getUserByEmail, upsertUserByEmail } = await import("~/models/user.server");
const { mintSessionCookie } = await import("~/auth/session.server");
const { hashToken } = await import("~/models/session.server");

try {
  const existing = await getUserByEmail(email);
  const user = await upsertUserByEmail({
    email,
    displayName: args.name ?? existing?.displayName ?? email.split("@")[0],
    avatarUrl: args.avatar ?? existing?.avatarUrl ?? `/avatars/${hashToken(`e2e:${email}`).slice(0, 16)}.svg`,
    role: (args.role as "member" | "admin" | undefined) ?? existing?.role ?? "member",
  });
  const minted = (await mintSessionCookie(user.id)).cookie;
  // As the app in production names it ("__Host-session"; a development server: "__session"). The value
  // is signed for the session purpose whatever the name.
  const name = args.dev ? "__session" : "__Host-session";
  const value = minted.slice(minted.indexOf("=") + 1);
  const cookie = `${name}=${value}`;
  if (args.json) {
    console.log(JSON.stringify({ userId: user.id, email: user.email, role: user.role, created: !existing, cookie: { name, value } }));
  } else {
    console.error(`${existing ? "updated" : "created"} ${user.email} (${user.role}, id ${user.id}); Cookie header:`);
    console.log(cookie);
  }
} finally {
  await closeDatabase();
}
