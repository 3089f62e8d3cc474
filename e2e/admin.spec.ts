// Scenarios 4 and 5: admins change roles and end sessions; members cannot reach admin pages. Every
// destructive action asks first (a real second step, with and without JavaScript), says plainly when
// nothing changed, and an admin's own row says what it cannot do.
import type { Page } from "@playwright/test";
import { atEachWidth, expect, loginLink, test } from "./fixtures";

function userRow(page: Page, userId: string) {
  return page.locator(`[data-testid="user-row"][data-user-id="${userId}"]`);
}

function forbidden(page: Page) {
  return page.locator("[data-testid='forbidden'], [data-status='403']").first();
}

function dialog(page: Page) {
  return page.getByTestId("confirm-dialog");
}

atEachWidth(() => {
  test("a member sees the 403 page on /admin/users; once an admin promotes them (after confirming), they get in", async ({ db, newPage, signIn, uniqueEmail }) => {
    const adminPage = await newPage();
    const memberPage = await newPage();
    await signIn(adminPage, uniqueEmail("admin"), { role: "admin" });
    const memberEmail = uniqueEmail("member");
    const memberId = await signIn(memberPage, memberEmail, { profile: { name: "昇格 される人" } });

    const denied = await memberPage.goto("/admin/users");
    expect(denied?.status()).toBe(403);
    await expect(forbidden(memberPage)).toBeVisible();
    await expect(memberPage.getByTestId("user-row")).toHaveCount(0);

    await adminPage.goto(`/admin/users?q=${encodeURIComponent(memberEmail)}`);
    const row = userRow(adminPage, memberId);
    await expect(row).toBeVisible();
    await row.locator('select[name="role"]').selectOption("admin");
    await row.getByRole("button", { name: "変更" }).click();
    // asked first, in a modal dialog; cancelling changes nothing
    await expect(dialog(adminPage)).toBeVisible();
    await expect(dialog(adminPage)).toContainText("昇格 される人 さんを管理人にしますか？");
    expect(await dialog(adminPage).evaluate((d) => d.matches(":modal"))).toBe(true);
    await expect(dialog(adminPage).getByRole("link", { name: "キャンセル" })).toBeFocused();
    await adminPage.keyboard.press("Escape");
    await expect(dialog(adminPage)).toHaveCount(0);
    expect((await db.userByEmail(memberEmail))?.role).toBe("member");

    await row.locator('select[name="role"]').selectOption("admin");
    await row.getByRole("button", { name: "変更" }).click();
    await dialog(adminPage).getByRole("button", { name: "管理人にする" }).click();
    await expect(adminPage.getByTestId("admin-result")).toContainText("権限を「管理人」に変更しました");
    await expect.poll(async () => (await db.userByEmail(memberEmail))?.role).toBe("admin");
    // a fresh load renders the stored role, not just what the select was set to
    await adminPage.reload();
    await expect(userRow(adminPage, memberId).locator('select[name="role"]')).toHaveValue("admin");
    // the same role again: said plainly, asked nothing
    await userRow(adminPage, memberId).getByRole("button", { name: "変更" }).click();
    await expect(adminPage.getByTestId("admin-result")).toHaveText("変更はありません。昇格 される人 さんはすでに「管理人」です。");
    await expect(dialog(adminPage)).toHaveCount(0);

    const allowed = await memberPage.goto("/admin/users");
    expect(allowed?.status()).toBe(200);
    await expect(forbidden(memberPage)).toHaveCount(0);
    await expect(memberPage.getByTestId("user-row").first()).toBeVisible();
  });

  test("an admin revokes a member's sessions after confirming; the member's other browser is signed out on its next load", async ({ db, newPage, signIn, uniqueEmail }) => {
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
    await userRow(adminPage, memberId).getByRole("button", { name: "セッション無効化" }).click();
    await expect(dialog(adminPage)).toContainText("ログインしているすべての端末でログアウトします");
    expect(await db.sessionsOf(memberId)).toHaveLength(2);
    await dialog(adminPage).getByRole("button", { name: "無効化する" }).click();
    await expect(adminPage.getByTestId("admin-result")).toContainText("セッションを 2 件無効化しました");
    await expect.poll(async () => (await db.sessionsOf(memberId)).length).toBe(0);

    await phone.reload();
    await expect(loginLink(phone)).toBeVisible();
    await expect(phone.getByTestId("welcome")).toHaveCount(0);
    await laptop.goto("/");
    await expect(laptop.getByTestId("welcome")).toHaveCount(0);
    // the member keeps their account and may sign in again
    expect(await db.userByEmail(memberEmail)).toMatchObject({ id: memberId, role: "member" });
  });

  test("blocking asks first; the admin's own row says what it cannot do; revoking one's own sessions warns, then signs out", async ({ db, page, signIn, uniqueEmail }) => {
    const memberEmail = uniqueEmail("blockee");
    const memberId = await db.insertMember({ displayName: "止める 対象", email: memberEmail });
    const adminId = await signIn(page, uniqueEmail("selfadmin"), { role: "admin" });
    await page.goto(`/admin/users?q=${encodeURIComponent(memberEmail)}`);
    await userRow(page, memberId).getByRole("button", { name: "ブロック" }).click();
    await expect(dialog(page)).toContainText("止める 対象 さんをブロックしますか？");
    await dialog(page).getByRole("button", { name: "ブロックする" }).click();
    await expect(page.getByTestId("admin-result")).toContainText("ブロックしました");
    await expect(userRow(page, memberId)).toHaveAttribute("data-blocked", "true");
    const [{ blocked_at }] = await db.query<{ blocked_at: Date | null }>("select blocked_at from users where id = $1", [memberId]);
    expect(blocked_at).not.toBeNull();
    // unblocking is not destructive: no question
    await userRow(page, memberId).getByRole("button", { name: "ブロックを解除" }).click();
    await expect(page.getByTestId("admin-result")).toContainText("ブロックを解除しました");

    // one's own row: no role control and no block button, but a sentence saying so
    await page.goto(`/admin/users?q=${adminId}`);
    const own = userRow(page, adminId);
    await expect(own.locator("select")).toHaveCount(0);
    await expect(own.getByRole("button", { name: "ブロック" })).toHaveCount(0);
    await expect(own).toContainText("自分の権限は変更できず、自分をブロックすることもできません。");
    await expect(own.getByText("あなた", { exact: true })).toBeVisible();
    await own.getByRole("button", { name: "自分のセッションを無効化" }).click();
    await expect(dialog(page)).toContainText("この端末を含め、あなたがログインしているすべての端末でログアウトします。");
    await dialog(page).getByRole("button", { name: "無効化してログアウトする" }).click();
    await expect(page).toHaveURL(/\/login\?done=signed_out_everywhere$/);
    await expect(page.getByTestId("signed-out-everywhere")).toBeVisible();
    await expect(loginLink(page)).toBeVisible();
    expect(await db.sessionsOf(adminId)).toHaveLength(0);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the confirmation is a page of its own: cancel goes back, confirm acts", async ({ db, page, signIn, uniqueEmail }) => {
    const memberEmail = uniqueEmail("nojsmember");
    const memberId = await db.insertMember({ displayName: "スクリプト なし", email: memberEmail });
    await signIn(page, uniqueEmail("nojsadmin"), { role: "admin" });
    const list = `/admin/users?q=${encodeURIComponent(memberEmail)}`;
    await page.goto(list);
    await userRow(page, memberId).getByRole("button", { name: "ブロック" }).click();
    await expect(dialog(page)).toBeVisible();
    await dialog(page).getByRole("link", { name: "キャンセル" }).click();
    await expect(page).toHaveURL(new RegExp(`${list.replace(/[?.]/g, "\\$&")}$`));
    await expect(dialog(page)).toHaveCount(0);
    expect((await db.query<{ blocked_at: Date | null }>("select blocked_at from users where id = $1", [memberId]))[0].blocked_at).toBeNull();
    await userRow(page, memberId).getByRole("button", { name: "ブロック" }).click();
    await dialog(page).getByRole("button", { name: "ブロックする" }).click();
    await expect(page.getByTestId("admin-result")).toContainText("ブロックしました");
    expect((await db.query<{ blocked_at: Date | null }>("select blocked_at from users where id = $1", [memberId]))[0].blocked_at).not.toBeNull();
  });
});
