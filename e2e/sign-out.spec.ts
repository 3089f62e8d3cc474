// Scenario 2: signing out deletes the session row, and the old cookie is worthless afterwards.
import { addSessionCookie, expect, loginLink, sessionCookieName, test } from "./fixtures";

test("sign-out deletes the session; replaying the old cookie shows signed-out", async ({ page, newPage, baseURL, db, signIn, uniqueEmail }) => {
  const email = uniqueEmail("signout");
  const userId = await signIn(page, email);
  await page.goto("/");
  await expect(page.getByTestId("welcome")).toBeVisible();
  expect(await db.sessionsOf(userId)).toHaveLength(1);
  const [old] = (await page.context().cookies()).filter((c) => c.name === sessionCookieName(baseURL!));
  expect(old, "the session cookie").toBeDefined();
  expect(old.httpOnly).toBe(true);
  expect(old.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "ログアウト" }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(loginLink(page)).toBeVisible();
  await expect(page.getByTestId("welcome")).toHaveCount(0);
  expect(await db.sessionsOf(userId)).toHaveLength(0);
  expect((await page.context().cookies()).filter((c) => c.name === sessionCookieName(baseURL!) && c.value)).toHaveLength(0);

  // someone who copied the cookie before the sign-out gets nothing with it
  const page2 = await newPage();
  await addSessionCookie(page2.context(), baseURL!, old);
  const res = await page2.goto("/");
  expect(res?.status()).toBe(200);
  await expect(loginLink(page2)).toBeVisible();
  await expect(page2.getByTestId("welcome")).toHaveCount(0);
  // the user stays; only the session went
  expect(await db.userByEmail(email)).toMatchObject({ id: userId });
});
