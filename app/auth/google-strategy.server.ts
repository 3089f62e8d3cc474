// remix-auth-google's strategy with four changes: its endpoints can point at the local OIDC mock,
// token and userinfo calls have a timeout, their failures become classified AuthFlowErrors (never the
// raw provider body, which can hold tokens) so /auth/error can say what went wrong, and PKCE (S256).
import { GoogleStrategy, type GoogleExtraParams, type GoogleProfile, type GoogleStrategyOptions } from "remix-auth-google";
import type { StrategyVerifyCallback } from "remix-auth";
import type { OAuth2StrategyVerifyParams } from "remix-auth-oauth2";
import { z } from "zod";
import type { ProviderEndpoints } from "./config.server";
import { AuthFlowError } from "./errors";

const PROVIDER_TIMEOUT_MS = 10_000;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
});

const tokenError = z.object({ error: z.string() });

/** Google's userinfo claims we use; anything else is ignored. */
export const userInfoSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(320).optional(),
  email_verified: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  picture: z.string().optional(),
  hd: z.string().optional(),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

export type AppGoogleOptions = GoogleStrategyOptions & {
  endpoints: ProviderEndpoints;
  timeoutMs?: number;
  /** PKCE (RFC 7636, S256): the challenge goes out with the authorization request… */
  codeChallenge?: string;
  /** …and the verifier with the token request, so a stolen code is useless without the flow cookie. */
  codeVerifier?: string;
};

export class AppGoogleStrategy<User> extends GoogleStrategy<User> {
  private readonly userInfoEndpoint: string;
  private readonly timeoutMs: number;
  private readonly codeChallenge?: string;
  private readonly codeVerifier?: string;

  constructor(options: AppGoogleOptions, verify: StrategyVerifyCallback<User, OAuth2StrategyVerifyParams<GoogleProfile, GoogleExtraParams>>) {
    super(options, verify);
    this.authorizationURL = options.endpoints.authorizationURL;
    this.tokenURL = options.endpoints.tokenURL;
    this.userInfoEndpoint = options.endpoints.userInfoURL;
    this.timeoutMs = options.timeoutMs ?? PROVIDER_TIMEOUT_MS;
    this.codeChallenge = options.codeChallenge;
    this.codeVerifier = options.codeVerifier;
  }

  protected override authorizationParams(): URLSearchParams {
    const params = super.authorizationParams();
    if (this.codeChallenge) {
      params.set("code_challenge", this.codeChallenge);
      params.set("code_challenge_method", "S256");
    }
    return params;
  }

  protected override tokenParams(): URLSearchParams {
    return new URLSearchParams(this.codeVerifier ? { code_verifier: this.codeVerifier } : {});
  }

  protected override async fetchAccessToken(code: string, params: URLSearchParams) {
    params.set("client_id", this.clientID);
    params.set("client_secret", this.clientSecret);
    params.set("code", code);
    const res = await this.call(this.tokenURL, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: params,
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = tokenError.safeParse(body);
      // invalid_grant = the code expired or was already used; other 4xx are our configuration
      if (err.success && err.data.error === "invalid_grant") throw new AuthFlowError("invalid_code", "token endpoint: invalid_grant");
      if (res.status >= 500) throw new AuthFlowError("provider_unavailable", `token endpoint answered ${res.status}`);
      throw new AuthFlowError("unknown", `token endpoint answered ${res.status} ${err.success ? err.data.error : ""}`.trim());
    }
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) throw new AuthFlowError("provider_unavailable", "token endpoint answered without an access token");
    // extraParams (id_token etc.) are dropped: nothing but the identity is used, nothing is stored
    return { accessToken: parsed.data.access_token, refreshToken: undefined, extraParams: {} as GoogleExtraParams };
  }

  protected override async userProfile(accessToken: string): Promise<GoogleProfile> {
    const res = await this.call(this.userInfoEndpoint, { headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" } });
    if (!res.ok) throw new AuthFlowError("provider_unavailable", `userinfo endpoint answered ${res.status}`);
    const parsed = userInfoSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new AuthFlowError("provider_unavailable", "userinfo endpoint answered without a subject");
    const raw = parsed.data;
    return {
      provider: "google",
      id: raw.sub,
      displayName: raw.name ?? "",
      name: { familyName: raw.family_name ?? "", givenName: raw.given_name ?? "" },
      emails: [{ value: raw.email ?? "" }],
      photos: [{ value: raw.picture ?? "" }],
      _json: raw as GoogleProfile["_json"],
    };
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs), redirect: "error" });
    } catch {
      throw new AuthFlowError("provider_unavailable", `${new URL(url).host} unreachable`);
    }
  }
}
