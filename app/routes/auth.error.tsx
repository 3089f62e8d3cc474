import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AUTH_ERROR_MESSAGES, parseAuthErrorReason } from "~/auth/errors";

export const meta: MetaFunction = () => [{ title: "ログインできませんでした | すずみな web" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { reason: parseAuthErrorReason(new URL(request.url).searchParams.get("reason")) };
}

export default function AuthError() {
  const { reason } = useLoaderData<typeof loader>();
  const message = AUTH_ERROR_MESSAGES[reason];
  return (
    <section className="card" data-testid="auth-error" data-reason={reason}>
      <h1>{message.title}</h1>
      <p>{message.body}</p>
      <p>
        <Link to="/login" className="button">
          もう一度ログインする
        </Link>{" "}
        <Link to="/">トップページへ戻る</Link>
      </p>
    </section>
  );
}
