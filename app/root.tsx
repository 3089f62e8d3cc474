import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "~/security/nonce";
import { headerData, type HeaderUser } from "~/auth/session.server";
import { readOnly } from "~/maintenance.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.ico" },
];

// the one brand name: header, page titles (every route ends its title with it)
const BRAND = "すずみな web";

/** Pages set their own title; error pages (rendered by this route's boundary) are named after the error. */
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: BRAND }];
  return [{ title: `${messageOf(isRouteErrorResponse(error) ? error.status : 500).title} | ${BRAND}` }];
};

/** Who is signed in, for the header: one session lookup (shared with the route's loader). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, setCookie } = await headerData(request, context);
  return data({ user, maintenance: readOnly() }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

type RootData = { user: HeaderUser | null; maintenance: boolean };

export function Layout({ children }: { children: ReactNode }) {
  // undefined while an error page renders without loader data
  const root = useRouteLoaderData("root") as RootData | undefined;
  const user = root?.user;
  const nonce = useNonce(); // CSP: inline scripts run only with this response's nonce
  // admin lists use the width of a large screen (a route says so with handle = { wide: true })
  const wide = useMatches().some((m) => (m.handle as { wide?: boolean } | undefined)?.wide);
  return (
    <html lang="ja">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">本文へ移動</a>
        <header className="site-header">
          <Link to="/" className="brand">
            {BRAND}
          </Link>
          {user ? (
            <nav className="session-nav" aria-label="アカウント">
              <Link to={`/users/${user.id}`} className="header-user" data-testid="header-user" title={user.displayName}>
                <img className="avatar tiny" src={user.avatarUrl} alt="" />
                <span className="header-name">{user.displayName}</span>
              </Link>
              <Link to="/settings">設定</Link>
              {user.role === "admin" ? <Link to="/admin/users">管理</Link> : null}
              {/* a plain form: sign-out reloads the whole document anyway (what <Form reloadDocument> does) */}
              <form method="post" action="/logout">
                <button type="submit" className="secondary compact">
                  ログアウト
                </button>
              </form>
            </nav>
          ) : (
            <Link to="/login" data-testid="header-login">
              ログイン
            </Link>
          )}
        </header>
        {root?.maintenance ? (
          <p className="maintenance-banner" role="status" data-testid="maintenance-banner">
            ただいまメンテナンス中です。ページは見られますが、ログイン・ログアウトや変更は作業が終わるまでできません。
          </p>
        ) : null}
        <main className={wide ? "container wide" : "container"} id="main">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <LiveReload nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "リクエストが正しくありません", body: "入力内容を確認して、もう一度お試しください。" },
  403: { title: "アクセスできません", body: "このページを見る権限がありません。" },
  404: { title: "ページが見つかりません", body: "URL が間違っているか、ページが移動・削除されました。" },
  405: { title: "この操作はできません", body: "このページはその方法では使えません。" },
  413: { title: "送信内容が大きすぎます", body: "内容を減らして、もう一度お試しください。" },
  503: { title: "ただいま混み合っています", body: "一時的に利用できません。少し待ってから再読み込みしてください。" },
  507: { title: "ただいま保存できません", body: "サーバーの保存領域が不足しています。時間をおいて、もう一度お試しください。" },
};

const MAINTENANCE_MESSAGE = {
  title: "ただいまメンテナンス中です",
  body: "データの移行作業のため、ページの閲覧だけができます。ログイン・ログアウトや変更は、作業が終わるまでお待ちください。",
};

function messageOf(status: number): { title: string; body: string } {
  return MESSAGES[status] ?? { title: "問題が発生しました", body: "申し訳ありません。時間をおいて、もう一度お試しください。" };
}

/** Friendly pages for every thrown response and error; never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as RootData | undefined;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // a write refused by the read-only maintenance mode (the banner above says so too)
  const message = status === 503 && root?.maintenance ? MAINTENANCE_MESSAGE : messageOf(status);
  return (
    <section className="error-page" data-status={status} data-testid={status === 403 ? "forbidden" : undefined}>
      <p className="error-status">{status}</p>
      <h1>{message.title}</h1>
      <p>{message.body}</p>
      <p>
        <Link to="/">トップページへ戻る</Link>
      </p>
    </section>
  );
}
