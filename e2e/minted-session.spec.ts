// `npm run e2e:session` (how staging runs sign in where Google cannot be automated) gives a cookie the
// app accepts; the database holds only the token's SHA-256.
import { createHash } from "node:crypto";
import { addSessionCookie, expect, loginLink, mintSession, test } from "./fixtures";

/** The token inside a signed `__Host-session` value (`<token>.<signature>`, app/auth/session-cookie.server.ts). */
function tokenOf(cookieValue: string): string {
  const signed = decodeURIComponent(cookieValue);
  return signed.slice(0, signed.lastIndexOf("."));
}

test("a session minted by e2e:session signs the browser in, with the role asked for", async ({ page, baseURL, db, uniqueEmail }) => {
  const email = uniqueEmail("minted");
  const minted = await mintSession(email, "admin", "ミント 管理人");
  const user = await db.userByEmail(email);
  expect(user).toMatchObject({ id: minted.userId, role: "admin", display_name: "ミント 管理人" });
  const [row] = await db.sessionsOf(minted.userId);
  expect(row.session_token).toBe(createHash("sha256").update(tokenOf(minted.cookie.value)).digest("hex"));
  expect(decodeURIComponent(minted.cookie.value)).not.toContain(row.session_token);

  await addSessionCookie(page.context(), baseURL!, minted.cookie);
  await page.goto("/");
  await expect(page.getByTestId("welcome")).toContainText("ミント 管理人");
  await expect(loginLink(page)).toHaveCount(0);
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(200);

  // running it again for the same e-mail updates the user and adds a second session
  const again = await mintSession(email, "member");
  expect(again.userId).toBe(minted.userId);
  expect(await db.userByEmail(email)).toMatchObject({ role: "member", display_name: "ミント 管理人" });
  expect(await db.sessionsOf(minted.userId)).toHaveLength(2);
});
