// Pure helpers behind the log line and the metrics labels.
import { describe, expect, it } from "vitest";
import { pathOf } from "./http.server";
import { statementKind } from "./metrics.server";
import { requestIds } from "./request-id.server";
import { createRouteLabeler, STATIC_LABEL, UNMATCHED_LABEL } from "./route-label.server";

// The shape of a Remix build's `routes` (ids, parents, paths), as in build/server/index.js.
const routes = {
  root: { id: "root", path: "" },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true },
  "routes/users.$userId": { id: "routes/users.$userId", parentId: "root", path: "users/:userId" },
  "routes/avatars.$seed[.svg]": { id: "routes/avatars.$seed[.svg]", parentId: "root", path: "avatars/:seed.svg" },
  "routes/auth.google_.callback": { id: "routes/auth.google_.callback", parentId: "root", path: "auth/google/callback" },
  // the catch-all that renders the 404 page
  "routes/$": { id: "routes/$", parentId: "root", path: "*" },
};

describe("route labels", () => {
  const label = createRouteLabeler(routes, { fixed: ["/healthz"], staticPrefixes: ["/build/", "/favicon.ico"] });

  it("names the matched Remix route, whatever the ids in the URL", () => {
    expect(label("/")).toBe("routes/_index");
    expect(label("/users/clx123abc")).toBe("routes/users.$userId");
    expect(label("/users/other-id")).toBe("routes/users.$userId");
    expect(label("/avatars/abc.svg")).toBe("routes/avatars.$seed[.svg]");
    expect(label("/auth/google/callback")).toBe("routes/auth.google_.callback");
  });

  it("labels single-fetch data requests with the page they load", () => {
    expect(label("/users/clx123abc.data")).toBe("routes/users.$userId");
    expect(label("/_root.data")).toBe("routes/_index");
  });

  it("keeps fixed paths, groups static files, and folds unknown URLs into one label", () => {
    expect(label("/healthz")).toBe("/healthz");
    expect(label("/build/entry.client-ABC123.js")).toBe(STATIC_LABEL);
    expect(label("/favicon.ico")).toBe(STATIC_LABEL);
    expect(label("/wp-admin/setup.php")).toBe(UNMATCHED_LABEL);
    expect(label("/users/a/b/c")).toBe(UNMATCHED_LABEL);
  });

  it("stays right when asked again and past the bound of its memo (many distinct URLs)", () => {
    for (let i = 0; i < 5_000; i++) {
      expect(label(`/users/u${i}`)).toBe("routes/users.$userId");
      expect(label(`/nope/${i}`)).toBe(UNMATCHED_LABEL);
    }
    expect(label("/")).toBe("routes/_index");
    expect(label("/users/u1")).toBe("routes/users.$userId");
  });
});

describe("request ids", () => {
  it("keeps a well-formed X-Request-Id", () => {
    expect(requestIds({ "x-request-id": "abc-123_x.y:z" })).toEqual({ requestId: "abc-123_x.y:z" });
  });

  it("takes the trace id from X-Cloud-Trace-Context when there is no request id", () => {
    expect(requestIds({ "x-cloud-trace-context": "105445AA7843BC8BF206B12000100000/1;o=1" })).toEqual({
      requestId: "105445aa7843bc8bf206b12000100000",
      traceId: "105445aa7843bc8bf206b12000100000",
    });
  });

  it("replaces ids that could forge log content", () => {
    for (const bad of ['a"b', "x".repeat(200), "line\nbreak", "", "   "]) {
      expect(requestIds({ "x-request-id": bad }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIds({ "x-cloud-trace-context": "not-a-trace" })).not.toHaveProperty("traceId");
  });
});

describe("log path", () => {
  it("drops the query string and fragment, where OAuth codes and tokens travel", () => {
    expect(pathOf("/auth/google/callback?code=4/0AX&state=xyz")).toBe("/auth/google/callback");
    expect(pathOf("/a#frag")).toBe("/a");
    expect(pathOf("/plain")).toBe("/plain");
    expect(pathOf(undefined)).toBe("/");
  });
});

describe("statement kinds", () => {
  it("labels by the first keyword and never by the SQL", () => {
    expect(statementKind('SELECT "public"."users"."id" FROM "public"."users" WHERE "id" = $1')).toBe("SELECT");
    expect(statementKind("  insert into users values (?)")).toBe("INSERT");
    expect(statementKind("/* prisma */ UPDATE users SET x = $1")).toBe("UPDATE");
    expect(statementKind("COPY users FROM STDIN")).toBe("OTHER");
  });
});
