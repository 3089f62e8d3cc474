import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { CopyLink } from "~/components/copy-link";
import { ResultNotice } from "~/components/result-notice";
import { adminInvitesAction, adminInvitesLoader } from "./admin.invites.server";

export const meta: MetaFunction = () => [{ title: "招待の管理 | すずみな web" }];

export const handle = { wide: true };

export const loader = adminInvitesLoader;
export const action = adminInvitesAction;

type Policy = ReturnType<typeof useLoaderData<typeof loader>>["policy"];

/** The access policy in force, and whether an invitation does anything under it. */
function PolicyNotice({ policy }: { policy: Policy }) {
  if (policy.invitesWork) {
    return (
      <div className="notice info" data-testid="policy" data-policy={policy.policy}>
        <p>
          現在のログイン方針は<strong>「招待制」</strong>（ACCESS_POLICY=invite）です。すでにメンバーの方と、招待された方だけがログインできます。
        </p>
      </div>
    );
  }
  return (
    <div className="notice" role="note" data-testid="policy" data-policy={policy.policy}>
      {policy.policy === "open" ? (
        <p>
          現在のログイン方針は<strong>「だれでも」</strong>（ACCESS_POLICY=open）です。Google アカウントがあればだれでもログインできるため、
          <strong>招待には効果がありません</strong>。
        </p>
      ) : (
        <p>
          現在のログイン方針は<strong>「ドメイン限定」</strong>（ACCESS_POLICY=domain: {policy.domains.join("、")}
          ）です。ログインできるかどうかはメールアドレスのドメインで決まるため、<strong>招待には効果がありません</strong>。
        </p>
      )}
      <p>招待制（ACCESS_POLICY=invite）に切り替える予定がある場合にだけ、招待を作成してください。</p>
    </div>
  );
}

export default function AdminInvites() {
  const { invites, policy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <section className="card">
      <h1>招待の管理</h1>
      <p>
        <Link to="/admin/users">ユーザー管理へ</Link>
      </p>
      <PolicyNotice policy={policy} />
      {result?.kind === "confirm" ? (
        <ConfirmDialog key={JSON.stringify(result.request.fields)} request={result.request} cancelTo={location.pathname} />
      ) : result ? (
        <ResultNotice result={result}>
          {result.kind === "done" && result.link ? (
            <>
              <p>
                {`このリンクは今だけ表示されます（有効期限: ${result.expires?.date}、${result.expires?.remaining}）。招待する方に送ってください。`}
              </p>
              {result.noEffect ? <p>ただし、今のログイン方針では、この招待は使われません（上の説明を参照）。</p> : null}
              <CopyLink link={result.link} testId="invite-link" />
            </>
          ) : null}
        </ResultNotice>
      ) : null}
      <h2>招待を作成</h2>
      <p className="muted small">招待はメールアドレスごとに一つです。同じアドレスにもう一度作成すると、以前のリンクは使えなくなります。</p>
      {/* a new form (empty fields) once an invitation was made */}
      <Form method="post" preventScrollReset key={result?.kind === "done" ? result.link : "create"}>
        <input type="hidden" name="intent" value="create" />
        <div className="field">
          <label htmlFor="invite-email">メールアドレス</label>
          <input id="invite-email" type="email" name="email" required maxLength={320} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="invite-days">有効期限（日）</label>
          <input id="invite-days" type="number" name="expiresInDays" min={1} max={90} defaultValue={7} required inputMode="numeric" className="narrow-input" />
        </div>
        <button type="submit">招待を作成</button>
      </Form>
      <h2>招待一覧</h2>
      <ul className="admin-list" aria-label="招待一覧">
        {invites.map((i) => (
          <li key={`${i.email}:${i.tokenHash}`} className="admin-item" data-testid="invite-row" data-email={i.email}>
            <div>
              <p className="admin-item-title">
                {i.email}
              </p>
              <dl className="dl">
                <dt>有効期限</dt>
                <dd data-testid="invite-expiry">
                  {`${i.date}（${i.remaining}）`}
                </dd>
              </dl>
            </div>
            <div className="admin-actions">
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="email" value={i.email} />
                <input type="hidden" name="tokenHash" value={i.tokenHash} />
                <button type="submit" className="secondary danger">
                  取り消し<span className="visually-hidden">（{i.email}）</span>
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
      {invites.length === 0 ? <p className="muted">招待はありません。</p> : null}
    </section>
  );
}
