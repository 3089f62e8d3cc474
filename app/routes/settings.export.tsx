// "Download my data": everything the app holds about the signed-in member, as a JSON file
// (app/models/my-data.server.ts decides what is in it). A resource route: GET only, signed in only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { exportMyData } from "~/models/my-data.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const body = await exportMyData(user.id);
  if (!body) throw new Response("Not Found", { status: 404 });
  const day = body.exportedAt.slice(0, 10);
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="suzumina-web-my-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
