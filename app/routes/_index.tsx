import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { landingData } from "~/landing.server";

export const meta: MetaFunction = () => [{ title: "すずみな web" }];

export async function loader() {
  return landingData();
}

export default function Index() {
  const { memberCount } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>すずみな web へようこそ</h1>
      <p>ファンコミュニティのメンバーページです。</p>
      <p className="muted" data-testid="member-count">
        メンバー {memberCount} 人
      </p>
    </section>
  );
}
