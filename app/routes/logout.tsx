// Only a POST signs out (a GET could be triggered by any page linking here).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/auth/pages.server";

export const loader = () => redirect("/");

export const action = ({ request }: ActionFunctionArgs) => signOut(request);
