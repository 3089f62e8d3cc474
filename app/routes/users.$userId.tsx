import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { profilePageData } from "~/auth/pages.server";
import { formatJstDate } from "~/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.displayName ?? "プロフィール"} | すずみな web` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return profilePageData(request, context, params.userId ?? "");
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
