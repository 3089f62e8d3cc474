// axe-core on every page, signed out, as a member and as an admin, on a phone and a laptop screen,
// including the states a page changes into (an error beside a field, a confirmation dialog, a one-time
// link on screen). Serious or critical findings fail; lesser ones must be listed in support/axe.ts.
import type { Page } from "@playwright/test";
import { atEachWidth, expect, expectNoHorizontalOverflow, test } from "./fixtures";
import { expectAccessible } from "./support/axe";

/** Opens the page, waits until it is hydrated (no half-ready DOM for axe), checks it. */
async function check(page: Page, path: string, status = 200) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(status);
  await page.waitForLoadState("networkidle");
  await expectAccessible(page, path);
  await expectNoHorizontalOverflow(page, path);
}

atEachWidth(() => {
  test("signed out: landing, sign-in (with each notice), sign-in errors, 404s", async ({ page }) => {
    await check(page, "/");
    await check(page, "/login");
    await check(page, "/login?redirectTo=%2Fsettings");
    await check(page, "/login?done=signed_out_everywhere");
    await check(page, "/login?claim=no-such-claim", 404);
    await check(page, "/auth/error?reason=access_denied");
    await check(page, "/auth/not-allowed?reason=invite");
    await check(page, "/no-such-page", 404);
    await check(page, "/login/extra", 404);
  });

  test("member: landing, profiles, settings (also with errors), 403, 404", async ({ page, signIn, uniqueEmail, db }) => {
    const other = await db.insertMember({ displayName: "ほかのメンバー", email: uniqueEmail("axeother") });
    const id = await signIn(page, uniqueEmail("axemember"), { profile: { name: "アクセシビリティ 確認" } });
    await check(page, "/");
    await check(page, `/users/${id}`);
    await check(page, `/users/${other}`);
    await check(page, "/settings");
    // the states /settings changes into: errors beside the fields
    await page.locator("#displayName").fill("改行\tあり");
    await page.getByRole("button", { name: "保存する" }).click();
    await expect(page.getByTestId("displayName-error")).toBeVisible();
    await page.locator("#confirmName").fill("違う名前");
    await page.getByRole("button", { name: "アカウントを削除する" }).click();
    await expect(page.getByTestId("delete-error")).toBeVisible();
    await expectAccessible(page, "/settings with errors");
    await check(page, "/admin/users", 403);
    await check(page, `/users/${id}/edit`, 404);
  });

  test("admin: user list, confirmation dialog, claim link, invitations, settings", async ({ page, signIn, uniqueEmail, db }) => {
    const imported = await db.insertMember({ displayName: "移行 メンバー", email: uniqueEmail("aximported") });
    await signIn(page, uniqueEmail("axeadmin"), { role: "admin" });
    await check(page, "/");
    await check(page, "/settings");
    await check(page, "/admin/users");
    const row = page.locator(`[data-testid="user-row"][data-user-id="${imported}"]`);
    await row.getByRole("button", { name: "ブロック" }).click();
    await expect(page.getByTestId("confirm-dialog")).toBeVisible();
    await expectAccessible(page, "/admin/users with the confirmation dialog");
    await page.getByRole("link", { name: "キャンセル" }).click();
    await expect(page.getByTestId("confirm-dialog")).toHaveCount(0);
    await row.getByRole("button", { name: "引き継ぎリンク発行" }).click();
    await expect(page.getByTestId("claim-link")).toBeVisible();
    await expectAccessible(page, "/admin/users with a claim link");
    await check(page, "/admin/invites");
    await page.locator("#invite-email").fill(uniqueEmail("axeguest"));
    await page.getByRole("button", { name: "招待を作成" }).click();
    await expect(page.getByTestId("invite-link")).toBeVisible();
    await expectAccessible(page, "/admin/invites with a new link");
    await page.getByTestId("invite-row").first().getByRole("button", { name: "取り消し" }).click();
    await expect(page.getByTestId("confirm-dialog")).toBeVisible();
    await expectAccessible(page, "/admin/invites with the confirmation dialog");
  });
});
