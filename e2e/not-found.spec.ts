// Unknown URLs, also below an existing route (/login/extra, /users/<id>/edit), are a friendly 404 page
// that hydrates cleanly: the fixtures fail the test on "Hydration failed" or React error #418.
import { atEachWidth, expect, expectNoHorizontalOverflow, test } from "./fixtures";

atEachWidth(() => {
  for (const signedIn of [false, true]) {
    test(`nested and plain 404s hydrate without errors (${signedIn ? "member" : "signed out"})`, async ({ page, signIn, uniqueEmail }) => {
      const userId = signedIn ? await signIn(page, uniqueEmail("notfound")) : "someone";
      for (const path of ["/no-such-page", "/login/extra", `/users/${userId}/edit`, "/admin/users/x/y", "/auth/error/more", "/settings/nope"]) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(404);
        await expect(page.locator("[data-status='404']"), path).toBeVisible();
        await expect(page, path).toHaveTitle("ページが見つかりません | すずみな web");
        await expectNoHorizontalOverflow(page, path);
        // hydrated: a client-side navigation from the 404 page works
        await page.getByRole("link", { name: "トップページへ戻る" }).click();
        await expect(page).toHaveURL(/\/$/);
      }
    });
  }
});
