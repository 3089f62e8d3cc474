// Metrics and logs label a request by the route it matched (a Remix route id such as
// "routes/avatars.$seed[.svg]"), never by its raw URL: URLs carry ids, and one label per id would blow
// up the metric's cardinality and leak identifiers.
import { matchRoutes } from "@remix-run/react";

export interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

interface TreeRoute {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: TreeRoute[];
}

export const STATIC_LABEL = "static";
export const UNMATCHED_LABEL = "unmatched";
const CATCH_ALL_ROUTE = "routes/$";

function tree(routes: Record<string, BuildRoute>, parentId?: string): TreeRoute[] {
  return Object.values(routes)
    .filter((r) => r.parentId === parentId)
    .map((r) => ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: tree(routes, r.id) }));
}

/**
 * Returns pathname → label. `fixed` maps exact paths served outside Remix (/healthz …) to themselves;
 * paths under the static prefixes are "static"; Remix single-fetch data URLs (/x.data, /_root.data)
 * get the label of the page they load.
 */
export function createRouteLabeler(
  routes: Record<string, BuildRoute>,
  opts: { fixed?: string[]; staticPrefixes?: string[] } = {},
): (pathname: string) => string {
  const routeTree = tree(routes) as Parameters<typeof matchRoutes>[0];
  const fixed = new Set(opts.fixed ?? []);
  const staticPrefixes = opts.staticPrefixes ?? [];
  const label = (pathname: string): string => {
    if (fixed.has(pathname)) return pathname;
    if (staticPrefixes.some((p) => pathname.startsWith(p))) return STATIC_LABEL;
    let p = pathname;
    if (p === "/_root.data") p = "/";
    else if (p.endsWith(".data")) p = p.slice(0, -".data".length);
    const matches = matchRoutes(routeTree, p);
    const last = matches?.[matches.length - 1];
    // routes/$ is the catch-all 404 page (app/routes/$.tsx): still "no route of the app"
    return last && (last.route as TreeRoute).id !== CATCH_ALL_ROUTE ? (last.route as TreeRoute).id : UNMATCHED_LABEL;
  };
  // matchRoutes flattens and ranks the whole route tree on every call (~3 % of a page's CPU): remember
  // recent answers. Bounded, so arbitrary URLs cannot grow it; a miss just matches again.
  const recent = new Map<string, string>();
  return (pathname) => {
    let l = recent.get(pathname);
    if (l === undefined) {
      if (recent.size >= LABEL_MEMO_SIZE) recent.clear();
      recent.set(pathname, (l = label(pathname)));
    }
    return l;
  };
}

const LABEL_MEMO_SIZE = 2000;
