import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect";

// Browsers resolve a Location header against the page: any value that, after their own path
// normalisation, starts with two slashes (or a backslash) leaves the site.
const SAME_ORIGIN: [string, string][] = [
  ["/", "/"],
  ["/users/abc", "/users/abc"],
  ["/admin/users?q=%E3%81%AF#top", "/admin/users?q=%E3%81%AF#top"],
  ["/a/../b", "/b"],
  ["/a/./b", "/a/b"],
  ["/./users", "/users"],
  ["/a/b/../../c", "/c"],
  ["/..", "/"],
  ["/../users", "/users"],
  ["/%2e%2e/users", "/users"],
  ["/users/%2F%2Fevil.example", "/users/%2F%2Fevil.example"],
  ["/users/%5C%5Cevil.example", "/users/%5C%5Cevil.example"],
  ["/users?next=//evil.example", "/users?next=//evil.example"],
  ["/users#//evil.example", "/users#//evil.example"],
  ["/ユーザー", "/%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC"],
  ["/a//b", "/a//b"],
];

const OFF_SITE = [
  "https://evil.example/",
  "http:evil.example",
  "https:/evil.example",
  "//evil.example/path",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "javascript:alert(1)",
  "data:text/html,x",
  "evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/%0a/x\n",
  "",
  // path normalisation turns these into "//evil.com" (the security review's findings)
  "/.//evil.com",
  "/..//evil.com",
  "/%2e%2e//evil.com",
  "/%2E%2E//evil.com",
  "/%2e//evil.com",
  "/.%2e//evil.com",
  "/a/..//evil.com",
  "/a/b/../..//evil.com",
  "/./..//evil.com",
  "/../..//evil.com",
  "/.///evil.com",
  "/..///evil.com",
  "/.//evil.com/path?x=1#y",
  "/./\\evil.com",
  "/..\\/evil.com",
  // into the sign-in flow (a loop), including through normalisation
  "/auth/google/callback?code=x",
  "/logout",
  "/x/../auth/google",
  "/%2e%2e/logout",
  "/./logout",
  "/" + "a".repeat(2100),
];

describe("safeRedirect", () => {
  it.each(SAME_ORIGIN)("keeps the same-origin path %j as %j", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it.each(OFF_SITE)("falls back to / for %j", (input) => {
    expect(safeRedirect(input)).toBe("/");
  });

  it("never returns a value a browser would read as another host, and is stable when applied twice", () => {
    for (const input of [...SAME_ORIGIN.map(([i]) => i), ...OFF_SITE]) {
      const out = safeRedirect(input);
      expect(out, input).toMatch(/^\/(?![/\\])/);
      expect(new URL(out, "https://app.example").origin, input).toBe("https://app.example");
      expect(safeRedirect(out), input).toBe(out);
    }
  });

  it("falls back for non-strings and honours a custom fallback", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/login")).toBe("/login");
    expect(safeRedirect(["/x"] as unknown)).toBe("/");
  });
});
