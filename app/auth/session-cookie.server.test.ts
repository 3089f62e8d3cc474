import { describe, expect, it } from "vitest";
import { createTokenCookie } from "./session-cookie.server";

const A = "first-secret-0123456789abcdef0123";
const B = "second-secret-0123456789abcdef012";
const TOKEN = "q0N3iyg7Vq2Qd0hM3gYxY0-5Yl0kqJm0b6m2WbWq0aE";
const pair = (setCookie: string) => setCookie.split(";")[0];

describe("session token cookie", () => {
  it("round-trips a token and sets the attributes it was given", async () => {
    const c = createTokenCookie("__session", { secrets: [A], httpOnly: true, secure: true, maxAge: 60 });
    const set = await c.serialize(TOKEN);
    expect(set).toMatch(/^__session=q0N3iyg7Vq2Qd0hM3gYxY0-5Yl0kqJm0b6m2WbWq0aE\.[^;]+; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(await c.parse(`other=1; ${pair(set)}; more=2`)).toBe(TOKEN);
    expect(c.isSigned).toBe(true);
    expect(c.expires!.getTime()).toBeGreaterThan(Date.now() + 55_000);
  });

  it("rejects tampered, unsigned, truncated and foreign-secret values", async () => {
    const c = createTokenCookie("__session", { secrets: [A] });
    const value = pair(await c.serialize(TOKEN)).slice("__session=".length);
    const cases = [
      `${value.slice(0, -2)}AA`, // signature changed
      `X${value.slice(1)}`, // token changed
      TOKEN, // no signature
      `${TOKEN}.`, // empty signature
      value.slice(0, value.length / 2), // truncated
      `.${value.split(".")[1]}`, // empty token with a signature taken from elsewhere
      pair(await createTokenCookie("__session", { secrets: [B] }).serialize(TOKEN)).slice("__session=".length),
      "%E0%A4%A", // undecodable percent-encoding
      "\u0000\u0001binary",
    ];
    for (const v of cases) expect(await c.parse(`__session=${v}`), v).toBeNull();
    expect(await c.parse(null)).toBeNull();
    expect(await c.parse("unrelated=1")).toBeNull();
  });

  it("rotates: the first secret signs, every secret verifies", async () => {
    const old = createTokenCookie("__session", { secrets: [B] });
    const rotated = createTokenCookie("__session", { secrets: [A, B] });
    const oldCookie = pair(await old.serialize(TOKEN));
    expect(await rotated.parse(oldCookie)).toBe(TOKEN);
    const reissued = pair(await rotated.serialize(TOKEN));
    expect(reissued).not.toBe(oldCookie);
    expect(await createTokenCookie("__session", { secrets: [A] }).parse(reissued)).toBe(TOKEN);
    expect(await createTokenCookie("__session", { secrets: [A] }).parse(oldCookie)).toBeNull();
  });

  it("clears with an empty value and refuses to sign anything but a string", async () => {
    const c = createTokenCookie("__session", { secrets: [A] });
    const cleared = await c.serialize("", { expires: new Date(0), maxAge: undefined });
    expect(cleared).toMatch(/^__session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax$/);
    expect(await c.parse(pair(cleared))).toBe("");
    await expect(c.serialize({ userId: "x" })).rejects.toThrow(/string token/);
    expect(() => createTokenCookie("__session", { secrets: [] })).toThrow(/secret/);
  });
});
