import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { headerData } from "~/auth/session.server";
import { landingData } from "~/landing.server";

export const meta: MetaFunction = () => [{ title: "すずみな web" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // the session lookup is shared with the root loader (same request)
  const [landing, { user }] = await Promise.all([landingData(), headerData(request, context)]);
  return { ...landing, user };
}

export default function Index() {
  const { memberCount, user } = useLoaderData<typeof loader>();
  return (
    <>
      {user ? (
        <section className="card member" data-testid="welcome">
          <img className="avatar large" src={user.avatarUrl} alt="" data-testid="avatar" />
          <div>
            <h2>おかえりなさい、{user.displayName} さん</h2>
            <p>
              <Link to={`/users/${user.id}`}>プロフィールを見る</Link>
            </p>
          </div>
        </section>
      ) : (
        <section className="card">
          <p>
            メンバーの方は <Link to="/login">ログイン</Link> してください。
          </p>
        </section>
      )}
      <section className="card">
        <h1>すずみな web へようこそ</h1>
        <p>ファンコミュニティのメンバーページです。</p>
        <p className="muted" data-testid="member-count">
          メンバー {memberCount} 人
        </p>
      </section>
    </>
  );
}
