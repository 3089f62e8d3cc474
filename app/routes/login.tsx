import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { loginPageData } from "~/auth/pages.server";

export const meta: MetaFunction = () => [{ title: "ログイン | すずみな web" }];

export const loader = ({ request, context }: LoaderFunctionArgs) => loginPageData(request, context);

export default function Login() {
  const { mock, redirectTo, invitedEmail, emailError, claim, claimInvalid } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>ログイン</h1>
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
        {mock ? (
          <p>
            <label>
              開発用ログイン（メールアドレスを入力）
              <br />
              <input name="login_hint" type="email" required autoComplete="email" defaultValue={invitedEmail ?? ""} placeholder="you@example.com" />
            </label>
          </p>
        ) : invitedEmail ? (
          <input type="hidden" name="login_hint" value={invitedEmail} />
        ) : null}
        {emailError ? (
          <p className="notice" role="alert">
            メールアドレスを入力してください。
          </p>
        ) : null}
        <button type="submit">Google でログイン</button>
      </Form>
      {mock ? <p className="muted">開発モード: 本物の Google ではなくローカルのモックでログインします。</p> : null}
    </section>
  );
}
