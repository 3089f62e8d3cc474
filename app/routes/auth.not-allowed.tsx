import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NOT_ALLOWED_MESSAGES, parseNotAllowedReason } from "~/auth/errors";

export const meta: MetaFunction = () => [{ title: "ログインできません | すずみな web" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { reason: parseNotAllowedReason(new URL(request.url).searchParams.get("reason")) ?? "invite" };
}

export default function NotAllowed() {
  const { reason } = useLoaderData<typeof loader>();
  const message = NOT_ALLOWED_MESSAGES[reason];
  return (
    <section className="card" data-testid="not-allowed" data-reason={reason}>
      <h1>{message.title}</h1>
      <p>{message.body}</p>
      <p>
        <Link to="/login">別のアカウントでログインする</Link> ・ <Link to="/">トップページへ戻る</Link>
      </p>
    </section>
  );
}
