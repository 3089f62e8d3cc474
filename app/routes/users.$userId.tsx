import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { getUserById, toPublicUser } from "~/models/user.server";
import { formatJstDate } from "~/dates";
import { ROLE_LABEL } from "~/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.displayName ?? "プロフィール"} | すずみな web` }];

/** Signed-in only; the e-mail only on one's own profile or for admins. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, context);
  const userId = params.userId ?? "";
  const user = userId.length <= 64 ? (viewer.id === userId ? viewer : await getUserById(userId)) : null;
  if (!user) throw new Response("Not Found", { status: 404 });
  const isSelf = viewer.id === user.id;
  return { profile: toPublicUser(user), email: isSelf || viewer.role === "admin" ? user.email : null, isSelf };
}

export default function Profile() {
  const { profile, email, isSelf } = useLoaderData<typeof loader>();
  return (
    <section className="card member">
      <img className="avatar large" src={profile.avatarUrl} alt="" />
      <div>
        <h1 data-testid="profile-name">{profile.displayName}</h1>
        {email ? (
          <p data-testid="profile-email">
            {email}
            {isSelf ? <span className="muted">（あなただけに表示されています）</span> : null}
          </p>
        ) : null}
        <p className="muted">
          {ROLE_LABEL[profile.role]} ・ {formatJstDate(profile.createdAt)} から参加
        </p>
        {isSelf ? (
          <p>
            <Link to="/settings">表示名や画像を変更する</Link>
          </p>
        ) : null}
      </div>
    </section>
  );
}
