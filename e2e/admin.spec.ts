// Scenarios 4 and 5: admins change roles and end sessions; members cannot reach admin pages.
import type { Page } from "@playwright/test";
import { expect, loginLink, test } from "./fixtures";

function userRow(page: Page, userId: string) {
  return page.locator(`[data-testid="user-row"][data-user-id="${userId}"]`);
}

function forbidden(page: Page) {
  return page.locator("[data-testid='forbidden'], [data-status='403']").first();
}

test("a member sees the 403 page on /admin/users; once an admin promotes them, they get in", async ({ db, newPage, signIn, uniqueEmail }) => {
  const adminPage = await newPage();
  const memberPage = await newPage();
  await signIn(adminPage, uniqueEmail("admin"), { role: "admin" });
  const memberEmail = uniqueEmail("member");
  const memberId = await signIn(memberPage, memberEmail);

  const denied = await memberPage.goto("/admin/users");
  expect(denied?.status()).toBe(403);
  await expect(forbidden(memberPage)).toBeVisible();
  await expect(memberPage.getByTestId("user-row")).toHaveCount(0);

  await adminPage.goto(`/admin/users?q=${encodeURIComponent(memberEmail)}`);
  const row = userRow(adminPage, memberId);
  await expect(row).toBeVisible();
  await row.locator('select[name="role"]').selectOption("admin");
  await row.getByRole("button", { name: "変更" }).click();
  await expect(adminPage.getByTestId("admin-result")).toBeVisible();
  await expect.poll(async () => (await db.userByEmail(memberEmail))?.role).toBe("admin");
  // a fresh load renders the stored role, not just what the select was set to
  await adminPage.reload();
  await expect(userRow(adminPage, memberId).locator('select[name="role"]')).toHaveValue("admin");

  const allowed = await memberPage.goto("/admin/users");
  expect(allowed?.status()).toBe(200);
  await expect(forbidden(memberPage)).toHaveCount(0);
  await expect(memberPage.getByTestId("user-row").first()).toBeVisible();
});

test("an admin revokes a member's sessions; the member's other browser is signed out on its next load", async ({ db, newPage, signIn, uniqueEmail }) => {
  const adminPage = await newPage();
  const laptop = await newPage();
  const phone = await newPage();
  await signIn(adminPage, uniqueEmail("admin"), { role: "admin" });
  const memberEmail = uniqueEmail("member");
  const memberId = await signIn(laptop, memberEmail);
  await signIn(phone, memberEmail);
  expect(await db.sessionsOf(memberId)).toHaveLength(2);
  await phone.goto("/");
  await expect(phone.getByTestId("welcome")).toBeVisible();

  await adminPage.goto(`/admin/users?q=${encodeURIComponent(memberEmail)}`);
  await userRow(adminPage, memberId).getByRole("button", { name: "セッションを無効化" }).click();
  await expect(adminPage.getByTestId("admin-result")).toBeVisible();
  await expect.poll(async () => (await db.sessionsOf(memberId)).length).toBe(0);

  await phone.reload();
  await expect(loginLink(phone)).toBeVisible();
  await expect(phone.getByTestId("welcome")).toHaveCount(0);
  await laptop.goto("/");
  await expect(laptop.getByTestId("welcome")).toHaveCount(0);
  // the member keeps their account and may sign in again
  expect(await db.userByEmail(memberEmail)).toMatchObject({ id: memberId, role: "member" });
});
