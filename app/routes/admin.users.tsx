import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { CopyLink } from "~/components/copy-link";
import { ResultNotice } from "~/components/result-notice";
import { ROLE_LABEL } from "~/labels";
import { adminUsersAction, adminUsersLoader } from "./admin.users.server";

export const meta: MetaFunction = () => [{ title: "ユーザー管理 | すずみな web" }];

export const handle = { wide: true };

export const loader = adminUsersLoader;
export const action = adminUsersAction;

export default function AdminUsers() {
  const { q, users, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <section className="card">
      <h1>ユーザー管理</h1>
      <p>
        <Link to="/admin/invites">招待の管理へ</Link>
      </p>
      {result?.kind === "confirm" ? (
        <ConfirmDialog key={JSON.stringify(result.request.fields)} request={result.request} cancelTo={here} />
      ) : result ? (
        <ResultNotice result={result}>
          {result.kind === "done" && result.link ? (
            <>
              <p>
                {`このリンクは今だけ表示されます（有効期限: ${result.expires?.date}、${result.expires?.remaining}）。ご本人に直接送ってください。リンクからログインした Google アカウントが、このプロフィールに紐づきます。`}
              </p>
              <CopyLink link={result.link} testId="claim-link" />
            </>
          ) : null}
        </ResultNotice>
      ) : null}
      <Form method="get" role="search" className="form-row">
        <input type="search" name="q" defaultValue={q} placeholder="名前・メールアドレス・ID" aria-label="ユーザーを検索" maxLength={100} />
        <button type="submit" className="secondary">
          検索
        </button>
      </Form>
      <p className="muted small" aria-live="polite">
        {q ? `「${q}」の検索結果: ${users.length} 人` : `新しい順に ${users.length} 人`}
      </p>
      <ul className="admin-list" aria-label="ユーザー一覧">
        {users.map((u) => {
          const self = u.id === selfId;
          return (
            <li
              key={u.id}
              className={`admin-item${u.blocked ? " blocked" : ""}`}
              data-testid="user-row"
              data-user-id={u.id}
              data-blocked={u.blocked ? "true" : "false"}
            >
              <div className="admin-item-head">
                <img className="avatar small" src={u.avatarUrl} alt="" />
                <div>
                  <p className="admin-item-title">
                    <Link to={`/users/${u.id}`}>{u.displayName}</Link>
                    {self ? <span className="badge accent">あなた</span> : null}
                    {u.role === "admin" ? <span className="badge accent">{ROLE_LABEL.admin}</span> : null}
                    {u.blocked ? <span className="badge danger">ブロック中</span> : null}
                    {u.googleLinked ? null : <span className="badge">Google 未連携</span>}
                  </p>
                  <p className="admin-item-sub">{u.email ?? "メールアドレスなし"}</p>
                </div>
              </div>
              <div className="admin-actions">
                {self ? (
                  <p className="note">自分の権限は変更できず、自分をブロックすることもできません。</p>
                ) : (
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={u.id} />
                    <select name="role" defaultValue={u.role} aria-label={`${u.displayName} さんの権限`}>
                      <option value="member">{ROLE_LABEL.member}</option>
                      <option value="admin">{ROLE_LABEL.admin}</option>
                    </select>
                    <button type="submit" className="secondary">
                      変更<span className="visually-hidden">（{u.displayName} さんの権限）</span>
                    </button>
                  </Form>
                )}
                {self ? null : (
                  <Form method="post" preventScrollReset data-testid="block-form">
                    <input type="hidden" name="intent" value={u.blocked ? "unblock" : "block"} />
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" className={u.blocked ? "secondary" : "secondary danger"}>
                      {u.blocked ? "ブロックを解除" : "ブロック"}
                      <span className="visually-hidden">（{u.displayName} さん）</span>
                    </button>
                  </Form>
                )}
                <Form method="post" preventScrollReset>
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="userId" value={u.id} />
                  <button type="submit" className="secondary danger">
                    {self ? "自分のセッションを無効化（ログアウト）" : "セッション無効化"}
                    {self ? null : <span className="visually-hidden">（{u.displayName} さん）</span>}
                  </button>
                </Form>
                {u.googleLinked ? null : (
                  <Form method="post" preventScrollReset data-testid="claim-form">
                    <input type="hidden" name="intent" value="claim" />
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" className="secondary">
                      引き継ぎリンク発行
                      <span className="visually-hidden">（{u.displayName} さん）</span>
                    </button>
                  </Form>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {users.length === 0 ? <p className="muted">該当するユーザーはいません。</p> : null}
    </section>
  );
}
