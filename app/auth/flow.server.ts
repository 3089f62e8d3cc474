// The OAuth round trip. remix-auth keeps the OAuth `state` in the session storage it is given: that is
// a short-lived signed cookie (`__auth_flow`, `__Host-auth_flow` over https; 10 minutes, single use)
// holding only state, redirectTo, the PKCE verifier, its own id and time and, through a claim link,
// that link's secret.
// The database session is created here after the provider vouched for the user, so nobody who never
// finishes signing in leaves a row, and every sign-in gets a new session id.
import { createHash, randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect, type Session, type SessionStorage } from "@remix-run/node";
import { Authenticator, AuthorizationError } from "remix-auth";
import { z } from "zod";
import { findClaimBySecret } from "~/models/claim.server";
import { consumeSignInFlow } from "~/models/sign-in-flow.server";
import type { UserRecord } from "~/models/user.server";
import { logger } from "~/observability/logger.server";
import { CONSUMER_PREFIX } from "./access-policy.server";
import { authConfig, callbackUrl, DiscoveryError, providerEndpoints } from "./config.server";
import { AuthFlowError, NotAllowedError, type AuthErrorReason } from "./errors";
import { AppGoogleStrategy } from "./google-strategy.server";
import { requireSameOrigin } from "./origin.server";
import { safeRedirect } from "./redirect";
import { cookieName, purposeSecrets } from "./session-cookie.server";
import { createUserSession, endCurrentSession, markPersonal } from "./session.server";
import { signInWithGoogleProfile } from "./sign-in.server";

/** The cookie's name over http; over https it is "__Host-auth_flow". */
export const FLOW_COOKIE = cookieName("auth_flow", false);
export const FLOW_MAX_AGE_S = 10 * 60;
const STRATEGY = "google";

/**
 * The flow cookie: signed with keys of its own purpose (never accepted as a session cookie, nor a session
 * cookie as this), Path=/ because the __Host- prefix requires it. Max-Age only asks the browser to drop
 * it; the callback itself refuses a flow older than FLOW_MAX_AGE_S or already used.
 */
export function flowStorage(secrets = authConfig().secrets, secure = authConfig().secureCookies): SessionStorage {
  return createCookieSessionStorage({
    cookie: {
      name: cookieName("auth_flow", secure),
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: FLOW_MAX_AGE_S,
      secrets: purposeSecrets(secrets, "auth-flow"),
    },
  });
}

/** PKCE verifier (kept in the flow cookie) and its S256 challenge (sent to the provider). */
function newPkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

async function authenticator(request: Request, storage: SessionStorage, o: { loginHint?: string; codeChallenge?: string; codeVerifier?: string; claim?: string } = {}) {
  const c = authConfig();
  const endpoints = await providerEndpoints();
  const auth = new Authenticator<UserRecord>(storage, { throwOnError: true });
  auth.use(
    new AppGoogleStrategy<UserRecord>(
      {
        clientID: c.clientID,
        clientSecret: c.clientSecret,
        callbackURL: callbackUrl(request),
        endpoints,
        loginHint: o.loginHint,
        codeChallenge: o.codeChallenge,
        codeVerifier: o.codeVerifier,
        // Google accepts one hosted domain as a hint (the gate itself checks the hd claim it returns)
        hd: c.policy === "domain" && c.allowedDomains.length === 1 && !c.allowedDomains[0]!.startsWith(CONSUMER_PREFIX) ? c.allowedDomains[0] : undefined,
        // the account chooser, unless we already know whom to sign in (an invitation's address)
        prompt: o.loginHint ? undefined : "select_account",
      },
      ({ profile }) => signInWithGoogleProfile(profile, { policy: c.policy, allowedDomains: c.allowedDomains, adminEmails: c.adminEmails }, o.claim),
    ),
    STRATEGY,
  );
  return auth;
}

const emailHint = z.email().max(320);

/** POST /auth/google: redirect to the provider with a fresh state in the flow cookie. */
export async function startSignIn(request: Request): Promise<Response> {
  requireSameOrigin(request);
  const form = await request.formData().catch(() => new FormData());
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const hint = emailHint.safeParse(String(form.get("login_hint") ?? "").trim());
  // A claim link's secret rides along to the callback; a dead one sends the member back to the page
  // that says so before Google is even asked.
  const claim = String(form.get("claim") ?? "");
  if (claim && !(await findClaimBySecret(claim))) {
    return redirect(`/login?${new URLSearchParams({ claim: claim.slice(0, 200), redirectTo })}`);
  }
  const base = flowStorage();
  const pkce = newPkce();
  // remix-auth commits the flow session itself; redirectTo and the PKCE verifier ride along in the same signed cookie
  const storage: SessionStorage = {
    ...base,
    commitSession: (session: Session, options) => {
      session.set("redirectTo", redirectTo);
      session.set("pkce", pkce.verifier);
      // what makes the cookie single use and short-lived on the server's side (finishSignIn)
      session.set("flowId", randomBytes(16).toString("base64url"));
      session.set("issuedAt", Date.now());
      if (claim) session.set("claim", claim);
      return base.commitSession(session, options);
    },
  };
  // The body is already read: hand remix-auth a body-less copy carrying the cookies.
  const bare = new Request(request.url, { method: "GET", headers: request.headers });
  try {
    await (await authenticator(request, storage, { loginHint: hint.success ? hint.data : undefined, codeChallenge: pkce.challenge })).authenticate(STRATEGY, bare);
  } catch (thrown) {
    if (thrown instanceof Response) {
      // the redirect to the provider, setting the flow cookie
      markPersonal(request, thrown.headers);
      return thrown;
    }
    if (thrown instanceof DiscoveryError) {
      logger.warn({ err: thrown }, "could not start sign-in: the provider's discovery document is unavailable");
      return redirect("/auth/error?reason=provider_unavailable");
    }
    logger.error({ err: thrown }, "could not start sign-in");
    return redirect("/auth/error?reason=unknown");
  }
  return redirect("/auth/error?reason=unknown");
}

/** GET /auth/google/callback: verify state, exchange the code, apply the gate, start a session. */
export async function finishSignIn(request: Request): Promise<Response> {
  const storage = flowStorage();
  const flow = await storage.getSession(request.headers.get("Cookie")).catch(() => storage.getSession());
  const redirectTo = safeRedirect(flow.get("redirectTo"));
  const codeVerifier = typeof flow.get("pkce") === "string" ? (flow.get("pkce") as string) : undefined;
  const claim = typeof flow.get("claim") === "string" ? (flow.get("claim") as string) : undefined;
  const headers = new Headers({ "Set-Cookie": await storage.destroySession(flow), "Cache-Control": "no-store" });
  const fail = (path: string) => redirect(path, { headers });

  const providerError = new URL(request.url).searchParams.get("error");
  if (providerError) {
    logger.info({ providerError: providerError.slice(0, 64) }, "sign-in: provider returned an error");
    return fail(`/auth/error?reason=${providerError === "access_denied" ? "access_denied" : "unknown"}`);
  }
  const flowId = flow.get("flowId");
  const issuedAt = flow.get("issuedAt");
  if (typeof flowId !== "string" || typeof issuedAt !== "number") {
    logger.info("sign-in: callback without a valid flow cookie");
    return fail("/auth/error?reason=state_mismatch");
  }
  if (Date.now() - issuedAt > FLOW_MAX_AGE_S * 1000 || Date.now() < issuedAt - 60_000) {
    logger.info({ ageS: Math.round((Date.now() - issuedAt) / 1000) }, "sign-in: flow cookie too old");
    return fail("/auth/error?reason=state_mismatch");
  }
  if (!(await consumeSignInFlow(flowId, new Date(issuedAt + FLOW_MAX_AGE_S * 1000)))) {
    logger.warn("sign-in: a used flow cookie was presented again");
    return fail("/auth/error?reason=state_mismatch");
  }
  let user: UserRecord;
  try {
    user = await (await authenticator(request, storage, { codeVerifier, claim })).authenticate(STRATEGY, request);
  } catch (thrown) {
    if (thrown instanceof NotAllowedError || (thrown instanceof AuthorizationError && thrown.cause instanceof NotAllowedError)) {
      const reason = (thrown instanceof NotAllowedError ? thrown : (thrown.cause as NotAllowedError)).reason;
      logger.info({ reason }, "sign-in refused by the access policy");
      return fail(`/auth/not-allowed?reason=${reason}`);
    }
    const reason = classify(thrown);
    const log = reason === "unknown" ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({ reason, err: thrown instanceof AuthorizationError ? thrown.cause ?? thrown : thrown }, "sign-in failed");
    return fail(`/auth/error?reason=${reason}`);
  }
  try {
    // the session this browser had before (another account, or a stale one) ends here
    await endCurrentSession(request);
    headers.append("Set-Cookie", await createUserSession(user.id));
  } catch (err) {
    logger.error({ err }, "sign-in: could not create the session");
    return fail("/auth/error?reason=unknown");
  }
  logger.info({ userId: user.id }, "signed in");
  return redirect(redirectTo, { headers });
}

/** remix-auth reports state problems as plain messages; our strategy throws AuthFlowErrors. */
function classify(thrown: unknown): AuthErrorReason {
  const err = thrown instanceof AuthorizationError ? (thrown.cause ?? thrown) : thrown;
  if (err instanceof AuthFlowError) return err.reason;
  if (err instanceof DiscoveryError) return "provider_unavailable";
  const message = thrown instanceof Error ? thrown.message : "";
  if (/state/i.test(message)) return "state_mismatch";
  if (/missing code/i.test(message)) return "invalid_code";
  return "unknown";
}
