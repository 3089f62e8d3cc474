import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatJstDateTime } from "~/dates";
import { adminUsersAction, adminUsersLoader } from "./admin.users.server";

export const meta: MetaFunction = () => [{ title: "ユーザー管理 | すずみな web" }];

export const loader = adminUsersLoader;
export const action = adminUsersAction;

export default function AdminUsers() {
  const { q, users, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card">
      <h1>ユーザー管理</h1>
      <p>
        <Link to="/admin/invites">招待の管理へ</Link>
      </p>
      {result ? (
        <div className="notice" role="status" data-testid="admin-result">
          <p>{result.ok ? result.message : result.error}</p>
          {result.ok && result.link ? (
            <>
              <p>
                このリンクは今だけ表示されます（有効期限: {formatJstDateTime(result.expires!)}）。ご本人に直接送ってください。リンクからログインした Google
                アカウントが、このプロフィールに紐づきます。
              </p>
              <p>
                <code data-testid="claim-link">{result.link}</code>
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      <Form method="get" role="search">
        <input type="search" name="q" defaultValue={q} placeholder="名前またはメールアドレス" aria-label="検索" maxLength={100} />{" "}
        <button type="submit" className="secondary">
          検索
        </button>
      </Form>
      <table>
        <thead>
          <tr>
            <th>名前</th>
            <th>メールアドレス</th>
            <th>権限</th>
            <th>セッション</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row" data-user-id={u.id} data-blocked={u.blocked ? "true" : "false"}>
              <td>
                <Link to={`/users/${u.id}`}>{u.displayName}</Link>
                {u.blocked ? <span className="muted">（ブロック中）</span> : null}
              </td>
              <td>{u.email ?? "—"}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="userId" value={u.id} />
                  <select name="role" defaultValue={u.role} aria-label={`${u.displayName} の権限`} disabled={u.id === selfId}>
                    <option value="member">メンバー</option>
                    <option value="admin">管理人</option>
                  </select>{" "}
                  <button type="submit" className="secondary" disabled={u.id === selfId}>
                    変更
                  </button>
                </Form>
              </td>
              <td>
                {u.googleLinked ? null : (
                  <Form method="post" data-testid="claim-form">
                    <input type="hidden" name="intent" value="claim" />
                    <input type="hidden" name="userId" value={u.id} />
                    <span className="muted">Google 未連携</span>{" "}
                    <button type="submit" className="secondary">
                      引き継ぎリンクを発行
                    </button>
                  </Form>
                )}
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="userId" value={u.id} />
                  <button type="submit" className="secondary">
                    セッションを無効化
                  </button>
                </Form>
                <Form method="post" data-testid="block-form">
                  <input type="hidden" name="intent" value={u.blocked ? "unblock" : "block"} />
                  <input type="hidden" name="userId" value={u.id} />
                  <button type="submit" className="secondary" disabled={u.id === selfId && !u.blocked}>
                    {u.blocked ? "ブロックを解除" : "ブロック"}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.length === 0 ? <p className="muted">該当するユーザーはいません。</p> : null}
    </section>
  );
}
