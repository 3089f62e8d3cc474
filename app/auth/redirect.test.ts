import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  it.each([
    ["/", "/"],
    ["/users/abc", "/users/abc"],
    ["/admin/users?q=%E3%81%AF#top", "/admin/users?q=%E3%81%AF#top"],
    ["/a/../b", "/b"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "http:evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/\t/evil.example",
    "/%0a/x\n",
    "",
    "/auth/google/callback?code=x",
    "/logout",
    "/" + "a".repeat(2100),
  ])("falls back to / for %j", (input) => {
    expect(safeRedirect(input)).toBe("/");
  });

  it("falls back for non-strings and honours a custom fallback", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/login")).toBe("/login");
    expect(safeRedirect(["/x"] as unknown)).toBe("/");
  });
});
