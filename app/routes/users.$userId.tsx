import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { getUserById, toPublicUser } from "~/models/user.server";
import { formatJstDate } from "~/dates";

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
          {profile.role === "admin" ? "管理人" : "メンバー"} ・ {formatJstDate(profile.createdAt)} から参加
        </p>
      </div>
    </section>
  );
}
