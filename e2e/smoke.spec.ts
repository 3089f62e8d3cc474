// The app under test answers, renders the Japanese landing page and reaches its database.
import { expect, test } from "./fixtures";

test("the landing page renders in Japanese and counts members from the database", async ({ page, db }) => {
  const [{ count }] = await db.query<{ count: string }>("select count(*) from users");
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByTestId("member-count")).toContainText("メンバー");
  // Other workers may add users meanwhile; the page (rendered after the count) shows at least as many.
  const shown = Number((await page.getByTestId("member-count").innerText()).replace(/\D/g, ""));
  expect(shown).toBeGreaterThanOrEqual(Number(count));
});

test("an unknown page is a friendly 404, not a stack trace", async ({ page }) => {
  const res = await page.goto("/no-such-page-e2e");
  expect(res?.status()).toBe(404);
  await expect(page.locator("[data-status='404']")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/at .*\.js:\d+/);
});
