// A local stand-in for Google's OAuth/OIDC endpoints, built on the oauth2-mock-server package, for
// `npm run dev` and the tests. The app talks to it exactly as to Google — it is only configured with
// another issuer (OIDC_ISSUER, endpoints from its discovery document) and the client credentials the
// mock was started with; tests serve it over HTTPS with the test CA (test-support/tls.ts).
// Who signs in: the `login_hint` the app forwards, or, without one, the e-mail typed on the mock's own
// account page (as on Google's chooser). A stable numeric `sub` per e-mail, a name from the local part,
// a generated avatar, email_verified true. Codes are single-use, expire after a minute, and are bound to
// their redirect_uri and PKCE challenge; the token endpoint checks client_id and client_secret: all as
// at Google.
//
// Test-only control endpoints (this server only):
//   POST   /__mock/profile  {"email", "name"?, "picture"?, "email_verified"?, "deny"?, "hd"?}
//          what the provider returns for that e-mail from now on; deny → authorize answers error=access_denied
//   DELETE /__mock/profile  forget all overrides (and injected failures)
//   POST   /__mock/fail     {"endpoint": "token" | "userinfo", "status"?: 500, "times"?: 1}
//          the next `times` calls of that endpoint answer `status`
//   DELETE /__mock/fail     clear injected failures
//
// Standalone: `npm run mock:oidc` (MOCK_OIDC_PORT, default 4010; MOCK_OIDC_HOST, default 127.0.0.1).
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { OAuth2Issuer, OAuth2Service, type MutableRedirectUri, type MutableResponse } from "oauth2-mock-server";

export interface MockProfileOverride {
  email: string;
  name?: string;
  picture?: string;
  email_verified?: boolean;
  /** The authorize endpoint redirects back with error=access_denied. */
  deny?: boolean;
  hd?: string;
}

export interface MockOidc {
  issuer: string;
  port: number;
  stop(): Promise<void>;
  /** The same as POST /__mock/profile, for in-process tests. */
  setProfile(p: MockProfileOverride): void;
  /** The same as POST /__mock/fail. */
  failNext(endpoint: "token" | "userinfo", status?: number, times?: number): void;
  reset(): void;
}

const CODE_TTL_MS = 60_000;

/** Google-like numeric subject (21 digits), stable for an e-mail. */
export function mockSub(email: string): string {
  const hex = createHash("sha256").update(`mock-google:${email.trim().toLowerCase()}`).digest("hex").slice(0, 24);
  return (BigInt(`0x${hex}`) % 10n ** 21n).toString().padStart(21, "1");
}

function nameFrom(email: string): string {
  return email.split("@")[0].replace(/[._+-]+/g, " ").trim() || "member";
}

interface PendingCode {
  email: string;
  redirectUri: string;
  expiresAt: number;
  /** PKCE S256 challenge sent with the authorization request, if any */
  challenge?: string;
}

type TokenRequest = IncomingMessage & { body?: Record<string, string>; _body?: boolean; mockEmail?: string };

export interface MockOidcOptions {
  port?: number;
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM); plain HTTP without. */
  tls?: { key: string; cert: string };
  /** The only client the token endpoint accepts (default: the development client of `npm run dev`). */
  clientId?: string;
  clientSecret?: string;
}

/** The client `npm run dev` configures (scripts/dev.ts): development only, never a real credential. */
export const DEV_CLIENT = { id: "suzumina-dev-client", secret: "suzumina-dev-client-secret" } as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The mock's account page: which e-mail signs in (every other authorization parameter kept as it came). */
function chooserPage(query: URLSearchParams): string {
  const hidden = [...query].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ローカルのモック Google: アカウントの選択</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">アカウントの選択（ローカルのモック Google）</h1>
<p>開発とテスト用の Google の代わりです。ログインするメールアドレスを入力してください（シードの管理人: admin@example.com）。</p>
<form method="get" action="/authorize">${hidden}<label>メールアドレス<br><input name="login_hint" type="email" required autofocus autocomplete="email" style="font-size:1rem;padding:.4rem;width:100%"></label>
<p><button type="submit" style="font-size:1rem;padding:.4rem 1rem">次へ</button></p></form></body></html>`;
}

export async function startMockOidc(opts: MockOidcOptions = {}): Promise<MockOidc> {
  const host = opts.host ?? "127.0.0.1";
  const client = { id: opts.clientId ?? DEV_CLIENT.id, secret: opts.clientSecret ?? DEV_CLIENT.secret };
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate("RS256");
  const service = new OAuth2Service(issuer);

  const profiles = new Map<string, MockProfileOverride>();
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, string>();
  const failures = new Map<"token" | "userinfo", { status: number; times: number }>();

  const claims = (email: string) => {
    const o = profiles.get(email) ?? { email };
    const sub = mockSub(email);
    return {
      sub,
      email,
      email_verified: o.email_verified ?? true,
      name: o.name ?? nameFrom(email),
      given_name: o.name ?? nameFrom(email),
      picture: o.picture ?? `/avatars/${sub}.svg`,
      ...(o.hd ? { hd: o.hd } : {}),
    };
  };
  const takeFailure = (endpoint: "token" | "userinfo") => {
    const f = failures.get(endpoint);
    if (!f) return undefined;
    if (--f.times <= 0) failures.delete(endpoint);
    return f.status;
  };

  service.on("beforeAuthorizeRedirect", (redirect: MutableRedirectUri, req: IncomingMessage & { query?: Record<string, unknown> }) => {
    const q = new URL(req.url ?? "/", "http://mock.invalid").searchParams;
    const email = (q.get("login_hint") ?? "").trim().toLowerCase(); // (the account page made sure there is one)
    const code = redirect.url.searchParams.get("code");
    if (profiles.get(email)?.deny) {
      redirect.url.searchParams.delete("code");
      redirect.url.searchParams.set("error", "access_denied");
      return;
    }
    const challenge = q.get("code_challenge") ?? undefined;
    if (code) codes.set(code, { email, redirectUri: q.get("redirect_uri") ?? "", expiresAt: Date.now() + CODE_TTL_MS, challenge });
  });

  service.on("beforeResponse", (res: MutableResponse, req: TokenRequest) => {
    const injected = takeFailure("token");
    if (injected) {
      res.statusCode = injected;
      res.body = { error: "server_error" };
      return;
    }
    if (req.mockEmail && res.body && typeof res.body.access_token === "string") {
      // The package's access tokens carry no user and second-resolution times: two issued in the same
      // second are identical, so concurrent sign-ins would get each other's identity. Google's are
      // opaque anyway: hand out a random one per grant.
      const opaque = randomBytes(24).toString("base64url");
      res.body.access_token = opaque;
      tokens.set(opaque, req.mockEmail);
    }
  });

  /**
   * The authorization-code checks Google makes, done before the package's token handler (which does
   * not know codes): single use, unexpired, same redirect_uri, PKCE verifier matching the challenge.
   * Failures answer 400 invalid_grant, as Google does.
   */
  const tokenEndpoint = async (req: TokenRequest, res: ServerResponse) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = Object.fromEntries(new URLSearchParams(raw));
    // client authentication, client_secret_post or client_secret_basic, as Google accepts both
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) : [];
    if ((body.client_id ?? basicId) !== client.id || (body.client_secret ?? basicSecret) !== client.secret) {
      res.writeHead(401, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ error: "invalid_client", error_description: "The OAuth client was not found." }));
      return;
    }
    if (body.grant_type === "authorization_code") {
      const pending = body.code ? codes.get(body.code) : undefined;
      if (body.code) codes.delete(body.code); // single use, even when this attempt fails
      const verifier = body.code_verifier;
      const pkceOk = !pending?.challenge || (verifier !== undefined && createHash("sha256").update(verifier).digest("base64url") === pending.challenge);
      if (!pending || pending.expiresAt < Date.now() || pending.redirectUri !== body.redirect_uri || !pkceOk) {
        res.writeHead(400, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ error: "invalid_grant", error_description: "Bad Request" }));
        return;
      }
      req.mockEmail = pending.email;
      delete body.code_verifier; // checked here; the package would look for its own record of the challenge
    }
    // hand the parsed body on: body-parser skips requests already marked as parsed
    req.body = body;
    req._body = true;
    service.requestHandler(req, res);
  };

  service.on("beforeUserinfo", (res: MutableResponse, req: IncomingMessage) => {
    const injected = takeFailure("userinfo");
    if (injected) {
      res.statusCode = injected;
      res.body = { error: "server_error" };
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const email = token ? tokens.get(token) : undefined;
    if (!email) {
      res.statusCode = 401;
      res.body = { error: "invalid_token" };
      return;
    }
    res.body = claims(email);
  });

  const api = {
    setProfile(p: MockProfileOverride) {
      if (typeof p?.email !== "string" || !p.email.includes("@")) throw new Error("profile needs an email");
      const email = p.email.trim().toLowerCase();
      profiles.set(email, { ...p, email });
    },
    failNext(endpoint: "token" | "userinfo", status = 500, times = 1) {
      if (endpoint !== "token" && endpoint !== "userinfo") throw new Error("endpoint must be token or userinfo");
      failures.set(endpoint, { status, times });
    },
    reset() {
      profiles.clear();
      failures.clear();
    },
  };

  const control = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? "/", "http://mock.invalid").pathname;
    try {
      if (req.method === "DELETE" && path === "/__mock/profile") return api.reset(), send(200, { ok: true });
      if (req.method === "DELETE" && path === "/__mock/fail") return failures.clear(), send(200, { ok: true });
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const body = JSON.parse(raw || "{}");
      if (req.method === "POST" && path === "/__mock/profile") return api.setProfile(body), send(200, { ok: true });
      if (req.method === "POST" && path === "/__mock/fail") return api.failNext(body.endpoint, body.status, body.times), send(200, { ok: true });
      send(404, { error: "not_found" });
    } catch (err) {
      send(400, { error: (err as Error).message });
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://mock.invalid");
    if (url.pathname.startsWith("/__mock/")) void control(req, res);
    else if (req.method === "POST" && url.pathname === "/token") void tokenEndpoint(req, res);
    else if (req.method === "GET" && url.pathname === "/authorize" && url.searchParams.get("client_id") !== client.id) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Error 401: invalid_client (the OAuth client was not found)");
    } else if (req.method === "GET" && url.pathname === "/authorize" && !url.searchParams.get("login_hint")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(chooserPage(url.searchParams));
    } else service.requestHandler(req, res);
  };
  const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${opts.tls ? "https" : "http"}://${host}:${port}`;
  issuer.url = url;
  return {
    issuer: url,
    port,
    ...api,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mock = await startMockOidc({ port: Number(process.env.MOCK_OIDC_PORT ?? 4010), host: process.env.MOCK_OIDC_HOST ?? "127.0.0.1" });
  console.log(`mock Google OIDC listening at ${mock.issuer} (development and tests only)`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void mock.stop().then(() => process.exit(0)));
  }
}
