// Google (or the mock) sends the browser back here; every outcome is a redirect, never an error page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { finishSignIn } from "~/auth/flow.server";

export const loader = ({ request }: LoaderFunctionArgs) => finishSignIn(request);
