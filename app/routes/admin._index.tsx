import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireAdmin } from "~/auth/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return redirect("/admin/users");
}

// A UI route (not a resource route) so a member's 403 renders the friendly error page.
export default function AdminIndex() {
  return null;
}
