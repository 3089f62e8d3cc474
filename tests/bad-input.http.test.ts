// A corpus of malformed and hostile requests against the real production server, on both engines.
// Every one must get a 4xx or a redirect — never a 5xx — and no body may show a stack trace or
// internals. The test prints how many cases it tried.
import { startTestMock } from "~test/mock-env";
import net from "node:net";
import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type MockOidc } from "../scripts/mock-oidc";
import { describeEachEngine } from "~test/engines";
import { TEST_CLIENT, TEST_SESSION_SECRET } from "~test/mock-env";
import { providerFetch } from "~test/tls";
import { startServer, type RunningServer } from "~test/server";
import { CookieJar, leaksInternals, signIn } from "~test/browserless";

interface Answer {
  status: number;
  body: string;
}

/** Sends bytes exactly as given (binary cookies, duplicate headers, methods fetch refuses); reads to close. */
function raw(port: number, head: string | Buffer, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("no answer within 20 s"));
    }, 20_000);
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", () => {}); // the server may close while we still send an oversized body
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("latin1");
      const status = Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
      resolve({ status, body: Buffer.concat(chunks).toString("utf8") });
    });
    socket.write(head);
    if (body) socket.write(body);
  });
}

type Case = [name: string, send: () => Promise<Answer>, expected?: number | RegExp];

describeEachEngine("bad input corpus", (t) => {
  let server: RunningServer;
  let mock: MockOidc;
  let url: string;
  let member: CookieJar;
  let admin: CookieJar;
  let memberId: string;
  const ADMIN = "corpus-admin@example.com";

  beforeAll(async () => {
    mock = await startTestMock({ port: 0 });
    server = await startServer({ DATABASE_URL: t().url, OIDC_ISSUER: mock.issuer, ACCESS_POLICY: "open", ADMIN_EMAILS: ADMIN });
    url = server.url;
    member = (await signIn(url, "corpus-member@example.com")).jar;
    admin = (await signIn(url, ADMIN)).jar;
    memberId = (await fetch(url + "/login", { redirect: "manual", headers: { cookie: member.header() } })).headers.get("location")!.split("/").pop()!;
  });
  afterAll(async () => {
    await server?.stop();
    await mock?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => async (): Promise<Answer> => {
    const res = await fetch(url + path, { redirect: "manual", headers });
    return { status: res.status, body: await res.text() };
  };
  const send = (method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}) => async (): Promise<Answer> => {
    const res = await fetch(url + path, { method, redirect: "manual", headers: { origin: url, ...init.headers }, body: init.body });
    return { status: res.status, body: await res.text() };
  };
  const form = (fields: Record<string, string>) => ({ "content-type": "application/x-www-form-urlencoded", ...fields });
  const rawReq = (lines: string[], body?: Buffer) => () => raw(server.port, Buffer.from([...lines, "Connection: close", "", ""].join("\r\n"), "latin1"), body);

  /** A flow cookie with a genuine state, as after POST /auth/google. */
  async function startedFlow(): Promise<{ jar: CookieJar; state: string }> {
    const jar = new CookieJar();
    const res = await fetch(url + "/auth/google", {
      method: "POST",
      redirect: "manual",
      headers: form({ origin: url }),
      body: new URLSearchParams({ login_hint: "corpus-flow@example.com", redirectTo: "/" }),
    });
    jar.take(res);
    const state = new URL(res.headers.get("location")!).searchParams.get("state")!;
    return { jar, state };
  }
  const withFlow = (query: (state: string) => string) => async (): Promise<Answer> => {
    const { jar, state } = await startedFlow();
    return get(`/auth/google/callback?${query(state)}`, { cookie: jar.header() })();
  };
  /** A completed sign-in's callback URL, replayed. */
  const replayedCode = async (): Promise<Answer> => {
    const { jar, state } = await startedFlow();
    const authorize = await providerFetch(`${mock.issuer}/authorize?${new URLSearchParams({ response_type: "code", client_id: TEST_CLIENT.id, redirect_uri: `${url}/auth/google/callback`, state, login_hint: "corpus-replay@example.com", scope: "openid email profile" })}`);
    const callback = authorize.location!;
    const first = await fetch(callback, { redirect: "manual", headers: { cookie: jar.header() } });
    expect(first.status).toBe(302);
    return get(callback.slice(url.length), { cookie: jar.header() })();
  };

  /** A completed sign-in's flow cookie, presented again with a fresh code for the same state. */
  const replayedFlow = async (): Promise<Answer> => {
    const jar = new CookieJar();
    const start = await fetch(url + "/auth/google", { method: "POST", redirect: "manual", headers: form({ origin: url }), body: new URLSearchParams({ login_hint: "corpus-flow-replay@example.com", redirectTo: "/" }) });
    jar.take(start);
    const code = async () => (await providerFetch(start.headers.get("location")!)).location!;
    const first = await fetch(await code(), { redirect: "manual", headers: { cookie: jar.header() } });
    expect(first.headers.get("location")).toBe("/");
    const again = await fetch(await code(), { redirect: "manual", headers: { cookie: jar.header() } });
    expect(again.headers.get("location")).toBe("/auth/error?reason=state_mismatch");
    return { status: again.status, body: await again.text() };
  };

  async function signedSession(value: unknown): Promise<string> {
    const c = createCookie("__Host-session", { secrets: [TEST_SESSION_SECRET] });
    return (await c.serialize(value)).split(";")[0]!;
  }

  it("answers every malformed request with a 4xx or a redirect, never a 5xx or a stack trace", async () => {
    const valid = member.header();
    const sessionValue = member.get("__Host-session")!;
    const bin = Buffer.from([0x80, 0xff, 0xfe, 0x00, 0x01, 0x7f, 0xc3, 0x28, 0xe2, 0x82]);
    const cases: Case[] = [
      // --- OAuth callback ---
      ["callback without params", get("/auth/google/callback"), 302],
      ["callback with code only", get("/auth/google/callback?code=abc"), 302],
      ["callback with state only", get("/auth/google/callback?state=abc"), 302],
      ["callback with code+state, no flow cookie", get("/auth/google/callback?code=abc&state=def"), 302],
      ["callback with forged state", withFlow(() => "code=abc&state=forged"), 302],
      ["callback with duplicated state (genuine first)", withFlow((s) => `code=abc&state=${s}&state=forged`), 302],
      ["callback with duplicated state (genuine second)", withFlow((s) => `code=abc&state=forged&state=${s}`), 302],
      ["callback with duplicated code", withFlow((s) => `code=a&code=b&state=${s}`), 302],
      ["callback with forged code, genuine state", withFlow((s) => `code=forged&state=${s}`), 302],
      ["callback with empty code and state", withFlow(() => "code=&state="), 302],
      ["callback error=access_denied", get("/auth/google/callback?error=access_denied"), 302],
      ["callback unknown error with script", get("/auth/google/callback?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=x"), 302],
      ["callback error + code + state", withFlow((s) => `error=server_error&code=abc&state=${s}`), 302],
      ["callback duplicated error", get("/auth/google/callback?error=a&error=b"), 302],
      ["callback 8 KB state", withFlow(() => `code=abc&state=${"s".repeat(8000)}`), 302],
      ["callback percent garbage", get("/auth/google/callback?code=%ZZ&state=%E0%A4%A"), 302],
      ["callback with NUL", get("/auth/google/callback?code=a&state=%00"), 400],
      ["callback replayed code", replayedCode, 302],
      ["callback with garbage flow cookie", get("/auth/google/callback?code=a&state=b", { cookie: "__Host-auth_flow=garbage" }), 302],
      ["callback POST", send("POST", "/auth/google/callback", { body: "" }), 405],
      ["auth/error with unknown reason", get("/auth/error?reason=%3Cscript%3E"), 200],
      ["auth/not-allowed with unknown reason", get("/auth/not-allowed?reason=../../etc"), 200],
      // --- cookies ---
      ["garbage session cookie", get("/", { cookie: "__Host-session=garbage" }), 200],
      ["tampered session cookie", get("/", { cookie: `__Host-session=${sessionValue.slice(0, -3)}${sessionValue.endsWith("A") ? "B" : "A"}%3D` }), 200],
      ["truncated session cookie", get("/", { cookie: `__Host-session=${sessionValue.slice(0, Math.floor(sessionValue.length / 2))}` }), 200],
      ["session cookie, signature only", get("/", { cookie: `__Host-session=.${sessionValue.split(".").pop()}` }), 200],
      ["validly signed unknown token", async () => get("/users/" + memberId, { cookie: await signedSession("no-such-token") })(), 302],
      ["validly signed non-string value", async () => get("/", { cookie: await signedSession({ a: [1, 2] }) })(), 200],
      ["validly signed 3 KB token", async () => get("/", { cookie: await signedSession("x".repeat(3000)) })(), 200],
      ["oversized session cookie (7 KB)", get("/", { cookie: `__Host-session=${"a".repeat(7000)}` }), 200],
      ["oversized cookie header (40 KB)", get("/", { cookie: `__Host-session=${"a".repeat(40_000)}` }), 431],
      ["200 cookies", get("/", { cookie: Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join("; ") }), 200],
      ["percent-garbage cookie", get("/", { cookie: "__Host-session=%E0%A4%A; __Host-auth_flow=%" }), 200],
      ["binary cookie bytes", rawReq([`GET / HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Cookie: __Host-session=${bin.toString("latin1")}`])],
      ["binary cookie on a protected page", rawReq([`GET /users/${memberId} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Cookie: __Host-session=\u00ff\u00fe${bin.toString("latin1")}`])],
      ["two Cookie headers", rawReq([`GET /users/${memberId} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Cookie: __Host-session=a`, `Cookie: ${valid}`])],
      ["tampered cookie on logout", send("POST", "/logout", { headers: form({ cookie: "__Host-session=tampered.sig" }), body: "" }), 302],
      // --- unknown routes and odd paths ---
      ["unknown route", get("/no/such/page"), 404],
      ["unknown admin route", get("/admin/nope", { cookie: admin.header() }), 404],
      ["NUL in path", get("/%00"), /^4/],
      ["broken percent-encoding", get("/%E0%A4%A"), 400],
      ["encoded traversal", get("/..%2f..%2fetc%2fpasswd"), 404],
      ["traversal into the build", rawReq([`GET /build/../../server.js HTTP/1.1`, `Host: 127.0.0.1:${server.port}`]), 404],
      ["double-slash path", get("//evil.example/"), /^(3|4)/],
      ["8 KB path", get("/" + "a".repeat(8000)), 404],
      ["unknown .data route", get("/no/such.data"), 404],
      ["legacy ?_data", get("/?_data=routes%2Fusers.%24userId"), 400],
      ["static path with garbage", get("/build/%E0%A4%A.js"), 400],
      ["favicon with suffix", get("/favicon.ico/x"), 404],
      ["bad Host header", rawReq([`GET / HTTP/1.1`, `Host: a b`]), 400],
      ["empty Host header", rawReq([`GET / HTTP/1.1`, `Host: `]), 400],
      ["garbage X-Forwarded-Host", get("/", { "x-forwarded-host": "::::" }), 400],
      // --- Host and forwarded headers: Remix builds the request URL from them (a bad port was a 500) ---
      ["Host with port 99999", rawReq([`GET / HTTP/1.1`, `Host: localhost:99999`]), 400],
      ["Host with port 0", rawReq([`GET / HTTP/1.1`, `Host: localhost:0`]), 400],
      ["Host with a letter port", rawReq([`GET / HTTP/1.1`, `Host: localhost:8o`]), 400],
      ["Host with two ports", rawReq([`GET / HTTP/1.1`, `Host: localhost:80:81`]), 400],
      ["Host with userinfo", rawReq([`GET / HTTP/1.1`, `Host: user@localhost`]), 400],
      ["Host with a path", rawReq([`GET / HTTP/1.1`, `Host: localhost/x`]), 400],
      ["Host, unclosed IPv6", rawReq([`GET / HTTP/1.1`, `Host: [::1`]), 400],
      ["Host, IPv6 with port 99999", rawReq([`GET / HTTP/1.1`, `Host: [::1]:99999`]), 400],
      ["Host, 300-character label", rawReq([`GET / HTTP/1.1`, `Host: ${"a".repeat(300)}`]), 400],
      ["Host, IPv6 loopback (valid)", rawReq([`GET /favicon.ico HTTP/1.1`, `Host: [::1]:${server.port}`]), 200],
      ["X-Forwarded-Host with port 99999", get("/", { "x-forwarded-host": "x:99999" }), 400],
      ["X-Forwarded-Host with port 99999 on a data request", get("/_root.data", { "x-forwarded-host": "x:99999" }), 400],
      ["X-Forwarded-Host with port 99999 on a POST", send("POST", "/logout", { headers: form({ "x-forwarded-host": "x:99999", cookie: "" }), body: "" }), 400],
      ["X-Forwarded-Host list with a bad entry", get("/", { "x-forwarded-host": "good.example, x:99999" }), 400],
      ["X-Forwarded-Host with a space", get("/", { "x-forwarded-host": "a b" }), 400],
      ["X-Forwarded-Host empty entry", get("/", { "x-forwarded-host": "," }), 400],
      ["X-Forwarded-Proto javascript", get("/", { "x-forwarded-proto": "javascript" }), 400],
      ["X-Forwarded-Proto empty entry", get("/", { "x-forwarded-proto": "https,," }), 400],
      ["X-Forwarded-For not an address", get("/", { "x-forwarded-for": "not-an-ip" }), 400],
      ["X-Forwarded-For with a bad entry", get("/", { "x-forwarded-for": "203.0.113.9, 999.1.1.1" }), 400],
      ["X-Forwarded-Port 99999", get("/", { "x-forwarded-port": "99999" }), 400],
      ["Forwarded garbage", get("/", { forwarded: "for=;;;=" }), 400],
      ["Forwarded with a bad host", get("/", { forwarded: "for=203.0.113.9;host=x:99999" }), 400],
      ["valid forwarded headers (one proxy)", get("/favicon.ico", { "x-forwarded-for": "203.0.113.9, 10.0.0.2", "x-forwarded-proto": "https", "x-forwarded-host": `127.0.0.1:${server.port}`, forwarded: 'for=203.0.113.9;proto=https, for="[2001:db8::1]:4711"' }), 200],
      ["open redirect via login", get("/login?redirectTo=https%3A%2F%2Fevil.example"), 200],
      ["open redirect via login (//)", get("/login?redirectTo=%2F%2Fevil.example"), 200],
      // --- claim links (profiles imported from the previous app) ---
      ["login with an unknown claim", get("/login?claim=abc"), 404],
      ["login with a 10 KB claim", get(`/login?claim=${"a".repeat(10_000)}`), 404],
      ["login with an empty claim", get("/login?claim="), 200],
      ["login with claim + invite", get("/login?claim=a&invite=b"), 404],
      ["login with a NUL claim", get("/login?claim=%00"), /^4/],
      ["sign-in start with an unknown claim", send("POST", "/auth/google", { headers: form({}), body: "login_hint=a%40b.c&claim=nope" }), 302],
      ["sign-in start with a 50 KB claim", send("POST", "/auth/google", { headers: form({}), body: `login_hint=a%40b.c&claim=${"x".repeat(50_000)}` }), 302],
      ["admin: claim for no such user", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=claim&userId=nobody" }), 404],
      ["admin: claim without userId", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=claim" }), 400],
      ["member: claim for themselves", send("POST", "/admin/users", { headers: form({ cookie: member.header() }), body: `intent=claim&userId=${memberId}` }), 403],
      // --- blocking, account linking, the flow cookie (security review) ---
      ["admin: block without userId", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=block" }), 400],
      ["admin: block no such user", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=block&userId=nobody" }), 404],
      ["admin: unblock with NUL userId", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=unblock&userId=%00" }), 400],
      ["admin: block with 10 KB userId", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: `intent=block&userId=${"x".repeat(10_000)}` }), 400],
      ["member: block someone", send("POST", "/admin/users", { headers: form({ cookie: member.header() }), body: `intent=block&userId=${memberId}` }), 403],
      // --- /settings (a member's own profile and account) ---
      ["member: settings without intent", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: "displayName=x" }), 400],
      ["member: settings with a NUL intent", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: "intent=%00" }), 400],
      ["member: 10 KB display name", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: `intent=profile&avatar=current&displayName=${"あ".repeat(3000)}` }), 400],
      ["member: display name of spaces only", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: "intent=profile&avatar=current&displayName=%E3%80%80%20" }), 400],
      ["member: display name with a newline", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: "intent=profile&avatar=current&displayName=a%0Ab" }), 400],
      ["member: picture by URL", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: "intent=profile&displayName=ok&avatar=javascript%3Aalert(1)" }), 400],
      ["member: delete without the name", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: "intent=delete" }), 400],
      ["member: delete with a 10 KB name", send("POST", "/settings", { headers: form({ cookie: member.header() }), body: `intent=delete&confirmName=${"x".repeat(10_000)}` }), 400],
      ["settings export signed out", get("/settings/export"), 302],
      ["auth/not-allowed blocked", get("/auth/not-allowed?reason=blocked"), 200],
      ["auth/not-allowed account_mismatch", get("/auth/not-allowed?reason=account_mismatch"), 200],
      ["admin: search with % and _", get("/admin/users?q=%25_%5C", { cookie: admin.header() }), 200],
      ["admin: search with full-width text", get(`/admin/users?q=${encodeURIComponent("ｈａｎａ　ﾊﾅ")}`, { cookie: admin.header() }), 200],
      ["flow cookie value as the session cookie", async () => get("/users/" + memberId, { cookie: `__Host-session=${(await startedFlow()).jar.get("__Host-auth_flow")}` })(), 302],
      ["session cookie value as the flow cookie", get("/auth/google/callback?code=a&state=b", { cookie: `__Host-auth_flow=${sessionValue}` }), 302],
      ["flow cookie replayed after its sign-in", replayedFlow, 302],
      ["__Host- session cookie over http", get("/", { cookie: `__Host-session=${sessionValue}` }), 200],
      // --- oversized and malformed bodies ---
      ["200 KB form to /auth/google", send("POST", "/auth/google", { headers: form({}), body: "login_hint=" + "a".repeat(200_000) }), 413],
      ["5 MB declared, 16 KB sent to /logout (raw)", rawReq([`POST /logout HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Origin: ${url}`, `Content-Type: application/x-www-form-urlencoded`, `Content-Length: 5000000`], Buffer.alloc(16_384, 97)), 413],
      ["chunked body without length", rawReq([`POST /auth/google HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Origin: ${url}`, `Transfer-Encoding: chunked`], Buffer.from("5\r\nhello\r\n0\r\n\r\n")), 411],
      ["JSON body to a form action", send("POST", "/auth/google", { headers: { "content-type": "application/json" }, body: '{"login_hint":1}' }), /^(3|4)/],
      // sign-out reads no body: a same-origin POST signs out whatever it carries (a throwaway session here)
      ["multipart without boundary", async () => send("POST", "/logout", { headers: { "content-type": "multipart/form-data", cookie: (await signIn(url, "corpus-throwaway@example.com")).jar.header() }, body: "--x\r\n" })(), 302],
      ["multipart without boundary (admin)", send("POST", "/admin/users", { headers: { "content-type": "multipart/form-data", cookie: admin.header() }, body: "--x\r\n" }), 400],
      ["broken urlencoded body (admin)", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "%%%&&&=&intent=%ZZ" }), 400],
      ["admin: unknown role", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: `intent=role&userId=${memberId}&role=superuser` }), 400],
      ["admin: unknown intent", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=drop" }), 400],
      ["admin: 10 KB userId", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: `intent=revoke&userId=${"x".repeat(10_000)}` }), 400],
      ["admin: invite with bad e-mail", send("POST", "/admin/invites", { headers: form({ cookie: admin.header() }), body: "intent=create&email=not-an-email&expiresInDays=7" }), 400],
      ["admin: invite with -1 days", send("POST", "/admin/invites", { headers: form({ cookie: admin.header() }), body: "intent=create&email=a%40example.com&expiresInDays=-1" }), 400],
      ["admin: invite with 1e309 days", send("POST", "/admin/invites", { headers: form({ cookie: admin.header() }), body: "intent=create&email=a%40example.com&expiresInDays=1e309" }), 400],
      ["admin: revoke with NUL userId", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=revoke&userId=%00" }), 400],
      ["admin: role with lone surrogate userId", send("POST", "/admin/users", { headers: form({ cookie: admin.header() }), body: "intent=role&role=admin&userId=%ED%A0%80" }), /^4/],
      ["admin: search with NUL", get("/admin/users?q=%00", { cookie: admin.header() }), 400],
      ["admin: search with lone surrogate", get("/admin/users?q=%ED%A0%80", { cookie: admin.header() }), /^(2|4)/],
      ["admin: 10 KB search", get(`/admin/users?q=${"%25".repeat(3000)}`, { cookie: admin.header() }), 200],
      ["admin: invite e-mail with NUL", send("POST", "/admin/invites", { headers: form({ cookie: admin.header() }), body: "intent=create&email=a%00%40example.com" }), 400],
      ["admin: revoke with bad hash", send("POST", "/admin/invites", { headers: form({ cookie: admin.header() }), body: "intent=revoke&email=a&tokenHash=zz" }), 400],
      // --- wrong methods ---
      ["PUT /", send("PUT", "/", { body: "x" }), 405],
      ["DELETE /login", send("DELETE", "/login"), 405],
      ["PATCH /users/:id", send("PATCH", `/users/${memberId}`, { headers: { cookie: valid }, body: "x" }), 405],
      ["DELETE /logout (must not sign out)", send("DELETE", "/logout", { headers: { cookie: valid } }), 405],
      ["PUT /auth/google", send("PUT", "/auth/google", { headers: form({}), body: "login_hint=a%40b.c" }), 405],
      ["OPTIONS /", send("OPTIONS", "/"), /^(2|4)/],
      ["TRACE /", rawReq([`TRACE / HTTP/1.1`, `Host: 127.0.0.1:${server.port}`]), 405],
      ["CONNECT", rawReq([`CONNECT 127.0.0.1:${server.port} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`]), 405],
      ["made-up method", rawReq([`BREW / HTTP/1.1`, `Host: 127.0.0.1:${server.port}`]), /^4/],
      ["HTTP/1.0 without Host", () => raw(server.port, "GET / HTTP/1.0\r\n\r\n"), /^(2|4)/],
      ["garbage request line", () => raw(server.port, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"), 400],
      ["GET /logout", get("/logout", { cookie: valid }), 302],
      ["GET /auth/google", get("/auth/google"), 302],
      ["POST to a page without action", send("POST", `/users/${memberId}`, { headers: form({ cookie: valid }), body: "a=1" }), 405],
      // --- invalid userIds ---
      ...["zzz", "%00", "a".repeat(5000), "'%3B%20DROP%20TABLE%20users%3B--", "..%2Fadmin", "%E6%97%A5%E6%9C%AC", "%F0%9F%98%80", "%20", "%ZZ", "null", "0", "-1", "1e999", "%ED%A0%80", "%C3%28", "a%00b"].map(
        (id): Case => [`userId ${decodeSafe(id).slice(0, 30)}`, get(`/users/${id}`, { cookie: valid }), /^(4|3)/],
      ),
      ["userId, signed out", get("/users/zzz"), 302],
      ["userId .data", get(`/users/zzz.data`, { cookie: valid }), /^4/],
      // --- cross-origin POSTs ---
      ["cross-origin logout", send("POST", "/logout", { headers: form({ origin: "https://evil.example", cookie: valid }), body: "" }), 403],
      ["Origin: null logout", send("POST", "/logout", { headers: form({ origin: "null", cookie: valid }), body: "" }), 403],
      ["no Origin, foreign Referer", async () => {
        const res = await fetch(url + "/logout", { method: "POST", redirect: "manual", headers: form({ cookie: valid, referer: "https://evil.example/x" }), body: "" });
        return { status: res.status, body: await res.text() };
      }, 403],
      ["no Origin, no Referer", rawReq([`POST /logout HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Cookie: ${valid}`, `Content-Length: 0`]), 403],
      ["cross-origin sign-in start", send("POST", "/auth/google", { headers: form({ origin: "https://evil.example" }), body: "login_hint=a%40b.c" }), 403],
      ["cross-origin admin role change", send("POST", "/admin/users", { headers: form({ origin: "https://evil.example", cookie: admin.header() }), body: `intent=role&userId=${memberId}&role=admin` }), 403],
      ["cross-origin invite", send("POST", "/admin/invites", { headers: form({ origin: "http://127.0.0.1:1", cookie: admin.header() }), body: "intent=create&email=x%40example.com" }), 403],
      ["malformed Origin", send("POST", "/logout", { headers: form({ origin: "http://[::1", cookie: valid }), body: "" }), 403],
      ["admin form as a member", send("POST", "/admin/users", { headers: form({ cookie: valid }), body: `intent=role&userId=${memberId}&role=admin` }), 403],
    ];

    const failures: string[] = [];
    for (const [name, run, expected] of cases) {
      let a: Answer;
      try {
        a = await run();
      } catch (e) {
        failures.push(`${name}: request failed (${(e as Error).message})`);
        continue;
      }
      const okClass = a.status >= 200 && a.status < 500 && a.status !== 0;
      const okExpected =
        expected === undefined ? a.status >= 300 && a.status < 500 : typeof expected === "number" ? a.status === expected : expected.test(String(a.status));
      if (!okClass || !okExpected) failures.push(`${name}: status ${a.status}${expected !== undefined ? ` (expected ${expected})` : ""}`);
      if (leaksInternals(a.body)) failures.push(`${name}: body leaks internals: ${a.body.slice(0, 300)}`);
    }
    console.log(`[bad-input] ${t().provider}: ${cases.length} malformed requests tried, ${failures.length} failed`);
    expect(failures).toEqual([]);

    // nothing above is a server error: no error-level log line, and the member is still signed in
    const errors = server.logs().split("\n").filter((l) => l.includes('"level":50'));
    expect(errors).toEqual([]);
    expect(server.proc.exitCode).toBeNull();
    expect((await fetch(`${url}/users/${memberId}`, { redirect: "manual", headers: { cookie: valid } })).status).toBe(200);
  });
});

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
