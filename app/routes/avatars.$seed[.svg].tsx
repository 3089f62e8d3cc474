// Generated placeholder avatars (seed data and the mock Google provider), so nothing depends on an
// outside image host.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { avatarSvg } from "~/avatar.server";

export function loader({ params }: LoaderFunctionArgs) {
  return new Response(avatarSvg(params.seed ?? ""), {
    headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
