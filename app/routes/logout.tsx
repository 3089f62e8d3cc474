// Only a POST signs out (a GET could be triggered by any page linking here).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireSameOrigin } from "~/auth/origin.server";
import { destroyUserSession } from "~/auth/session.server";

export const loader = () => redirect("/");

/** Deletes the session row, clears the cookie, back to the landing page. */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  return redirect("/", { headers: { "Set-Cookie": await destroyUserSession(request), "Cache-Control": "no-store" } });
}
