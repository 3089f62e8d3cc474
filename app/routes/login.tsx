import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { safeRedirect } from "~/auth/redirect";
import { getUser } from "~/auth/session.server";
import { findClaimBySecret } from "~/models/claim.server";
import { findInviteBySecret } from "~/models/invite.server";
import { getUserById } from "~/models/user.server";

export const meta: MetaFunction = () => [{ title: "ログイン | すずみな web" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const user = await getUser(request, context);
  // signed-in visitors have nothing to do here
  if (user) throw redirect(`/users/${encodeURIComponent(user.id)}`);
  const secret = url.searchParams.get("invite");
  const invite = secret && secret.length <= 200 ? await findInviteBySecret(secret) : null;
  const claimSecret = url.searchParams.get("claim");
  const claim = claimSecret ? await findClaimBySecret(claimSecret) : null;
  const claimUser = claim ? await getUserById(claim.userId) : null;
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  const page = {
    redirectTo,
    /** sent here from a members-only page (requireUser): say so, and that we come back to it */
    fromProtected: redirectTo !== "/",
    /** after an admin ended all of their own sessions (/admin/users) */
    signedOutEverywhere: url.searchParams.get("done") === "signed_out_everywhere",
    invitedEmail: invite?.email ?? null,
    /** a valid claim link: whose profile it hands over, and the secret to carry into the sign-in */
    claim: claimUser && claimSecret ? { secret: claimSecret, displayName: claimUser.displayName } : null,
    /** a claim link that is unknown, expired or used */
    claimInvalid: !!claimSecret && !claimUser,
  };
  // a dead link is a page of its own kind: say so with the status too
  return data(page, { status: page.claimInvalid ? 404 : 200 });
}

export default function Login() {
  const { redirectTo, fromProtected, signedOutEverywhere, invitedEmail, claim, claimInvalid } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>ログイン</h1>
      {signedOutEverywhere ? (
        <p className="notice ok" role="status" data-testid="signed-out-everywhere">
          すべての端末からログアウトしました。続けて使うには、もう一度ログインしてください。
        </p>
      ) : null}
      {fromProtected ? (
        <p className="notice info" role="status" data-testid="login-reason">
          このページ（{redirectTo}）はメンバー専用です。ログインすると、そのページに戻ります。
        </p>
      ) : null}
      <p>すずみな web は Google アカウントでログインします。</p>
      {invitedEmail ? (
        <p className="notice" data-testid="invite-notice">
          {invitedEmail} 宛ての招待が届いています。このアドレスの Google アカウントでログインしてください。
        </p>
      ) : null}
      {claim ? (
        <p className="notice" data-testid="claim-notice">
          「{claim.displayName}」さんのプロフィールを引き継ぎます。これから使う Google アカウントでログインすると、名前・権限・これまでの登録内容がそのまま引き継がれます。このリンクは一度だけ使えます。
        </p>
      ) : null}
      {claimInvalid ? (
        <p className="notice" role="alert" data-testid="claim-invalid">
          このプロフィール引き継ぎリンクは、期限が切れたか、すでに使われたか、正しくありません。管理人に新しいリンクを依頼してください。
        </p>
      ) : null}
      <Form method="post" action="/auth/google" reloadDocument>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {claim ? <input type="hidden" name="claim" value={claim.secret} /> : null}
        {/* the invited address, as a hint to Google's account chooser */}
        {invitedEmail ? <input type="hidden" name="login_hint" value={invitedEmail} /> : null}
        <button type="submit">Google でログイン</button>
      </Form>
    </section>
  );
}
