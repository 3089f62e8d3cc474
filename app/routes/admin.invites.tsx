import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatJstDateTime } from "~/dates";
import { adminInvitesAction, adminInvitesLoader } from "./admin.invites.server";

export const meta: MetaFunction = () => [{ title: "招待の管理 | すずみな web" }];

export const loader = adminInvitesLoader;
export const action = adminInvitesAction;

export default function AdminInvites() {
  const { invites } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card">
      <h1>招待の管理</h1>
      <p>
        <Link to="/admin/users">ユーザー管理へ</Link>
      </p>
      {result ? (
        <div className="notice" role="status" data-testid="admin-result">
          <p>{result.ok ? result.message : result.error}</p>
          {result.ok && result.link ? (
            <>
              <p>このリンクは今だけ表示されます。招待する方に送ってください。</p>
              <p>
                <code data-testid="invite-link">{result.link}</code>
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="create" />
        <p>
          <label>
            メールアドレス
            <br />
            <input type="email" name="email" required maxLength={320} />
          </label>
        </p>
        <p>
          <label>
            有効期限（日）
            <br />
            <input type="number" name="expiresInDays" min={1} max={90} defaultValue={7} required />
          </label>
        </p>
        <button type="submit">招待を作成</button>
      </Form>
      <h2>招待一覧</h2>
      <table>
        <thead>
          <tr>
            <th>メールアドレス</th>
            <th>有効期限</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {invites.map((i) => (
            <tr key={`${i.email}:${i.tokenHash}`} data-testid="invite-row" data-email={i.email}>
              <td>{i.email}</td>
              <td>
                {formatJstDateTime(i.expires)}
                {i.expired ? <span className="muted">（期限切れ）</span> : null}
              </td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="email" value={i.email} />
                  <input type="hidden" name="tokenHash" value={i.tokenHash} />
                  <button type="submit" className="secondary">
                    取り消し
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {invites.length === 0 ? <p className="muted">招待はありません。</p> : null}
    </section>
  );
}
