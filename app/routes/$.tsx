// Every URL no other route matches. Without this route a URL below an existing one (/login/extra,
// /users/<id>/edit) failed to hydrate: the server rendered the root 404, while the browser's router,
// discovering routes lazily, started from the partial match (root + login) and rendered another tree
// (React error #418). Matching here gives server and browser the same matches: root + this route.
import { Link } from "@remix-run/react";

const notFound = () => {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
};

export const loader = notFound;
// a POST to an unknown URL is as unknown as a GET (not 405)
export const action = notFound;

// never rendered (the loader always throws); a UI route so the root's friendly error page shows
export default function NotFound() {
  return <Link to="/">トップページへ戻る</Link>;
}
