// Scenarios 8 and 9: refusals and tampering end on friendly pages (never a 500), and nothing is stored.
import { addSessionCookie, expect, loginLink, signInWithMock, test } from "./fixtures";
import { setMockProfile } from "./support/mock-control";
import { isStaging, MOCK_ONLY_REASON } from "./support/mode";

test("denying consent at Google shows the error page and creates nobody", async ({ page, baseURL, db, uniqueEmail }) => {
  test.skip(isStaging, MOCK_ONLY_REASON);
  const email = uniqueEmail("deny");
  const statuses: number[] = [];
  page.on("response", (r) => statuses.push(r.status()));
  await signInWithMock(page, baseURL!, email, { profile: { deny: true } });
  await expect(page).toHaveURL(/\/auth\/error\?reason=access_denied/);
  await expect(page.getByTestId("auth-error")).toBeVisible();
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(await db.userByEmail(email)).toBeUndefined();
  expect((await page.context().cookies()).filter((c) => c.name === "__session" && c.value)).toHaveLength(0);
});

test("a callback with a forged state shows the error page", async ({ page }) => {
  // Needs no provider: the state check comes before any call to Google, so this runs on staging too.
  const res = await page.goto("/auth/google/callback?code=forged-code&state=forged-state");
  expect(res?.status()).toBeLessThan(500);
  await expect(page).toHaveURL(/\/auth\/error\?reason=state_mismatch/);
  await expect(page.getByTestId("auth-error")).toBeVisible();
  // nobody was signed in by it
  expect((await page.context().cookies()).filter((c) => c.name === "__session" && c.value)).toHaveLength(0);
});

test("a state altered on the way back from Google shows the error page and signs nobody in", async ({ page, db, uniqueEmail }) => {
  test.skip(isStaging, MOCK_ONLY_REASON);
  const email = uniqueEmail("state");
  await setMockProfile({ email });
  // Let the real flow run, but change one character of the state the provider sends back.
  await page.route("**/auth/google/callback?**", async (route) => {
    const u = new URL(route.request().url());
    const state = u.searchParams.get("state") ?? "";
    u.searchParams.set("state", state.slice(0, -1) + (state.endsWith("A") ? "B" : "A"));
    await route.continue({ url: u.toString() });
  });
  await page.goto("/login");
  await page.locator('input[name="login_hint"]').fill(email);
  await page.getByRole("button", { name: "Google でログイン" }).click();
  await expect(page).toHaveURL(/\/auth\/error\?reason=state_mismatch/);
  await expect(page.getByTestId("auth-error")).toBeVisible();
  expect(await db.userByEmail(email)).toBeUndefined();
});

test("a tampered session cookie is treated as signed out, not as an error", async ({ page, browser, baseURL, db, signIn, uniqueEmail }) => {
  const userId = await signIn(page, uniqueEmail("tamper"));
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "__session");
  expect(cookie).toBeDefined();
  const v = cookie.value;
  const flipped = v.slice(0, 5) + (v[5] === "x" ? "y" : "x") + v.slice(6);
  for (const value of [flipped, v.slice(0, -3), "garbage", "%E3%81%82%ZZ", `${v}${v}`]) {
    const ctx = await browser.newContext();
    await addSessionCookie(ctx, baseURL!, { name: "__session", value });
    const p = await ctx.newPage();
    const res = await p.goto("/");
    expect(res?.status(), `cookie ${JSON.stringify(value.slice(0, 12))}…`).toBe(200);
    await expect(loginLink(p)).toBeVisible();
    await expect(p.getByTestId("welcome")).toHaveCount(0);
    await ctx.close();
  }
  // the genuine session is untouched
  expect(await db.sessionsOf(userId)).toHaveLength(1);
  await page.goto("/");
  await expect(page.getByTestId("welcome")).toBeVisible();
});
