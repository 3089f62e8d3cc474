import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { headerData } from "~/auth/session.server";
import { landingData } from "~/landing.server";

export const meta: MetaFunction = () => [{ title: "すずみな web" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // the session lookup is shared with the root loader (same request)
  const [landing, { user }] = await Promise.all([landingData(), headerData(request, context)]);
  // after /settings deleted the account (the only "done" this page knows)
  const deleted = new URL(request.url).searchParams.get("done") === "account_deleted";
  return { ...landing, user, deleted: deleted && !user };
}

export default function Index() {
  const { memberCount, user, deleted } = useLoaderData<typeof loader>();
  return (
    <>
      {deleted ? (
        <p className="notice ok" role="status" data-testid="account-deleted">
          アカウントを削除しました。ご利用ありがとうございました。
        </p>
      ) : null}
      {user ? (
        // one greeting for a member: name, avatar and where to go next
        <section className="card member" data-testid="welcome">
          <img className="avatar large" src={user.avatarUrl} alt="" data-testid="avatar" />
          <div>
            <h1>おかえりなさい、{user.displayName} さん</h1>
            <p className="muted" data-testid="member-count">
              メンバー {memberCount} 人
            </p>
            <ul className="links">
              <li>
                <Link to={`/users/${user.id}`}>プロフィールを見る</Link>
              </li>
              <li>
                <Link to="/settings">設定（表示名・画像・データ）</Link>
              </li>
              {user.role === "admin" ? (
                <li>
                  <Link to="/admin/users">ユーザー管理</Link>
                </li>
              ) : null}
            </ul>
          </div>
        </section>
      ) : (
        <section className="card">
          <h1>すずみな web へようこそ</h1>
          <p>ファンコミュニティのメンバーページです。</p>
          <p>
            メンバーの方は <Link to="/login">ログイン</Link> してください。
          </p>
          <p className="muted" data-testid="member-count">
            メンバー {memberCount} 人
          </p>
        </section>
      )}
    </>
  );
}
