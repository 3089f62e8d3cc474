// The mock Google, as the app reaches it (discovery → authorize → token → userinfo, and the /__mock
// control endpoints): over plain HTTP as `npm run dev` serves it, and over HTTPS with the test CA as the
// tests serve it; checking the client like Google does.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testTls, providerFetch } from "~test/tls";
import { DEV_CLIENT, mockSub, startMockOidc, type MockOidc } from "./mock-oidc";

const REDIRECT = "http://127.0.0.1:9/auth/google/callback";

describe("mock Google OIDC", () => {
  let mock: MockOidc;
  beforeAll(async () => {
    mock = await startMockOidc();
  });
  afterAll(() => mock?.stop());
  beforeEach(async () => {
    expect((await fetch(`${mock.issuer}/__mock/profile`, { method: "DELETE" })).status).toBe(200);
  });

  async function authorize(email: string, redirectUri = REDIRECT) {
    const q = new URLSearchParams({ response_type: "code", client_id: DEV_CLIENT.id, redirect_uri: redirectUri, state: "st", login_hint: email, scope: "openid email profile" });
    const res = await fetch(`${mock.issuer}/authorize?${q}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location")!);
  }
  const token = (code: string, redirectUri = REDIRECT) =>
    fetch(`${mock.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: DEV_CLIENT.id, client_secret: DEV_CLIENT.secret }),
    });
  const userinfo = (accessToken: string) => fetch(`${mock.issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });

  it("serves the discovery document for its issuer", async () => {
    const doc = await (await fetch(`${mock.issuer}/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe(mock.issuer);
    expect(doc.authorization_endpoint).toBe(`${mock.issuer}/authorize`);
  });

  it("turns login_hint into a stable identity, codes single-use and bound to the redirect URI", async () => {
    const back = await authorize("Hana@Example.com");
    expect(back.searchParams.get("state")).toBe("st");
    const code = back.searchParams.get("code")!;
    const res = await token(code);
    expect(res.status).toBe(200);
    const { access_token } = await res.json();
    const info = await (await userinfo(access_token)).json();
    expect(info).toEqual({ sub: mockSub("hana@example.com"), email: "hana@example.com", email_verified: true, name: "hana", given_name: "hana", picture: `/avatars/${mockSub("hana@example.com")}.svg` });
    expect(info.sub).toMatch(/^\d{21}$/);
    expect(mockSub("HANA@example.com ")).toBe(info.sub);
    expect(mockSub("ren@example.com")).not.toBe(info.sub);

    expect((await token(code)).status).toBe(400); // replay
    const other = (await authorize("a@example.com")).searchParams.get("code")!;
    const wrongRedirect = await token(other, "http://127.0.0.1:9/elsewhere");
    expect(wrongRedirect.status).toBe(400);
    expect((await wrongRedirect.json()).error).toBe("invalid_grant");
    expect((await userinfo("forged")).status).toBe(401);
  });

  it("applies profile overrides and denial from POST /__mock/profile until DELETE", async () => {
    const set = await fetch(`${mock.issuer}/__mock/profile`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "Ren@Example.com", name: "れん 🎧", email_verified: false, hd: "example.com", picture: "https://x.example/p.png" }),
    });
    expect(set.status).toBe(200);
    const code = (await authorize("ren@example.com")).searchParams.get("code")!;
    const info = await (await userinfo((await (await token(code)).json()).access_token)).json();
    expect(info).toMatchObject({ name: "れん 🎧", email_verified: false, hd: "example.com", picture: "https://x.example/p.png" });

    await fetch(`${mock.issuer}/__mock/profile`, { method: "POST", body: JSON.stringify({ email: "no@example.com", deny: true }) });
    const denied = await authorize("no@example.com");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.has("code")).toBe(false);
    await fetch(`${mock.issuer}/__mock/profile`, { method: "DELETE" });
    expect((await authorize("no@example.com")).searchParams.has("code")).toBe(true);
  });

  it("checks PKCE (S256) like Google: the verifier must match the challenge", async () => {
    const verifier = "v".repeat(50);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const authorizePkce = async () => {
      const q = new URLSearchParams({ response_type: "code", client_id: DEV_CLIENT.id, redirect_uri: REDIRECT, state: "st", login_hint: "k@example.com", code_challenge: challenge, code_challenge_method: "S256" });
      return new URL((await fetch(`${mock.issuer}/authorize?${q}`, { redirect: "manual" })).headers.get("location")!).searchParams.get("code")!;
    };
    const withVerifier = (code: string, v?: string) =>
      fetch(`${mock.issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: DEV_CLIENT.id, client_secret: DEV_CLIENT.secret, ...(v ? { code_verifier: v } : {}) }),
      });
    expect((await withVerifier(await authorizePkce(), "w".repeat(50))).status).toBe(400);
    expect((await withVerifier(await authorizePkce())).status).toBe(400);
    const ok = await withVerifier(await authorizePkce(), verifier);
    expect(ok.status).toBe(200);
    expect((await (await userinfo((await ok.json()).access_token)).json()).email).toBe("k@example.com");
  });

  it("injects endpoint failures with POST /__mock/fail, for the given number of calls", async () => {
    await fetch(`${mock.issuer}/__mock/fail`, { method: "POST", body: JSON.stringify({ endpoint: "token", status: 503, times: 2 }) });
    for (const expected of [503, 503, 200]) {
      const code = (await authorize("f@example.com")).searchParams.get("code")!;
      expect((await token(code)).status).toBe(expected);
    }
    await fetch(`${mock.issuer}/__mock/fail`, { method: "POST", body: JSON.stringify({ endpoint: "userinfo" }) });
    const code = (await authorize("f@example.com")).searchParams.get("code")!;
    const { access_token } = await (await token(code)).json();
    expect((await userinfo(access_token)).status).toBe(500);
    expect((await userinfo(access_token)).status).toBe(200);
  });

  it("answers bad control requests with 400/404", async () => {
    expect((await fetch(`${mock.issuer}/__mock/profile`, { method: "POST", body: "{nope" })).status).toBe(400);
    expect((await fetch(`${mock.issuer}/__mock/profile`, { method: "POST", body: JSON.stringify({ name: "x" }) })).status).toBe(400);
    expect((await fetch(`${mock.issuer}/__mock/fail`, { method: "POST", body: JSON.stringify({ endpoint: "authorize" }) })).status).toBe(400);
    expect((await fetch(`${mock.issuer}/__mock/nothing`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("shows its account page without login_hint, keeping every authorization parameter", async () => {
    const q = new URLSearchParams({ response_type: "code", client_id: DEV_CLIENT.id, redirect_uri: REDIRECT, state: "st<&>", scope: "openid email profile" });
    const res = await fetch(`${mock.issuer}/authorize?${q}`, { redirect: "manual" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form method="get" action="/authorize">');
    expect(html).toContain('<input type="hidden" name="state" value="st&#60;&#38;&#62;">');
    expect(html).toContain('name="login_hint" type="email" required');
  });

  it("checks the client as Google does: authorize and token refuse an unknown client or a wrong secret", async () => {
    const q = new URLSearchParams({ response_type: "code", client_id: "someone-else", redirect_uri: REDIRECT, state: "st", login_hint: "a@example.com" });
    expect((await fetch(`${mock.issuer}/authorize?${q}`, { redirect: "manual" })).status).toBe(400);
    const code = (await authorize("a@example.com")).searchParams.get("code")!;
    const wrongSecret = await fetch(`${mock.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: DEV_CLIENT.id, client_secret: "guess" }),
    });
    expect(wrongSecret.status).toBe(401);
    expect((await wrongSecret.json()).error).toBe("invalid_client");
    // client_secret_basic works as well
    const code2 = (await authorize("b@example.com")).searchParams.get("code")!;
    const basic = await fetch(`${mock.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${DEV_CLIENT.id}:${DEV_CLIENT.secret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "authorization_code", code: code2, redirect_uri: REDIRECT }),
    });
    expect(basic.status).toBe(200);
  });
});

describe("mock Google OIDC over HTTPS (the tests' provider)", () => {
  it("serves its discovery document over TLS that the test CA verifies, and nothing a client cannot verify", async () => {
    const { key, cert } = await testTls();
    const mock = await startMockOidc({ tls: { key, cert } });
    try {
      expect(mock.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const doc = JSON.parse((await providerFetch(`${mock.issuer}/.well-known/openid-configuration`)).text);
      expect(doc).toMatchObject({ issuer: mock.issuer, authorization_endpoint: `${mock.issuer}/authorize`, token_endpoint: `${mock.issuer}/token`, userinfo_endpoint: `${mock.issuer}/userinfo` });
      // without the test CA, a client refuses the certificate
      await expect(fetch(`${mock.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
    } finally {
      await mock.stop();
    }
  });
});
