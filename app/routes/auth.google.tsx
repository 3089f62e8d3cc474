// POST starts the Google sign-in; a GET (typed URL, old bookmark) just goes to the sign-in page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { startSignIn } from "~/auth/flow.server";

export const loader = () => redirect("/login");

export const action = ({ request }: ActionFunctionArgs) => startSignIn(request);
