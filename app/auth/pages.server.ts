// Loader data of the sign-in pages, so the routes stay thin.
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { findClaimBySecret } from "~/models/claim.server";
import { findInviteBySecret } from "~/models/invite.server";
import { getUserById, toPublicUser } from "~/models/user.server";
import { authConfig } from "./config.server";
import { safeRedirect } from "./redirect";
import { requireSameOrigin } from "./origin.server";
import { destroyUserSession, getAuth, getUser, requireUser } from "./session.server";

export async function loginPageData(request: Request, context?: AppLoadContext) {
  const url = new URL(request.url);
  const user = await getUser(request, context);
  // signed-in visitors have nothing to do here
  if (user) throw redirect(`/users/${encodeURIComponent(user.id)}`);
  const secret = url.searchParams.get("invite");
  const invite = secret && secret.length <= 200 ? await findInviteBySecret(secret) : null;
  const claimSecret = url.searchParams.get("claim");
  const claim = claimSecret ? await findClaimBySecret(claimSecret) : null;
  const claimUser = claim ? await getUserById(claim.userId) : null;
  const page = {
    mock: authConfig().mode === "mock",
    redirectTo: safeRedirect(url.searchParams.get("redirectTo")),
    invitedEmail: invite?.email ?? null,
    emailError: url.searchParams.get("error") === "email",
    /** a valid claim link: whose profile it hands over, and the secret to carry into the sign-in */
    claim: claimUser && claimSecret ? { secret: claimSecret, displayName: claimUser.displayName } : null,
    /** a claim link that is unknown, expired or used */
    claimInvalid: !!claimSecret && !claimUser,
  };
  // a dead link is a page of its own kind: say so with the status too
  return data(page, { status: page.claimInvalid ? 404 : 200 });
}

/** POST /logout: deletes the session row, clears the cookie, back to the landing page. */
export async function signOut(request: Request): Promise<Response> {
  requireSameOrigin(request);
  return redirect("/", { headers: { "Set-Cookie": await destroyUserSession(request), "Cache-Control": "no-store" } });
}

export interface HeaderUser {
  id: string;
  displayName: string;
  avatarUrl: string;
  role: "member" | "admin";
}

/** The root loader's data: the header's view of the signed-in user (public fields only). */
export async function headerData(request: Request, context?: AppLoadContext): Promise<{ user: HeaderUser | null; setCookie?: string }> {
  const { user, setCookie } = await getAuth(request, context);
  return {
    user: user ? { id: user.id, displayName: user.displayName, avatarUrl: user.avatarUrl, role: user.role } : null,
    setCookie,
  };
}

/** /users/:userId — signed-in only; the e-mail only on one's own profile or for admins. */
export async function profilePageData(request: Request, context: AppLoadContext | undefined, userId: string) {
  const viewer = await requireUser(request, context);
  const user = userId.length <= 64 ? (viewer.id === userId ? viewer : await getUserById(userId)) : null;
  if (!user) throw new Response("Not Found", { status: 404 });
  const isSelf = viewer.id === user.id;
  return { profile: toPublicUser(user), email: isSelf || viewer.role === "admin" ? user.email : null, isSelf };
}
