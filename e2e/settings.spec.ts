// /settings: a member changes their display name and picture, downloads their data, deletes their
// account. What the page shows and what PostgreSQL holds, on a phone and a laptop.
import { readFileSync } from "node:fs";
import { atEachWidth, expect, expectNoHorizontalOverflow, signInWithMock, test } from "./fixtures";
import { isStaging, MOCK_ONLY_REASON } from "./support/mode";

atEachWidth(() => {
  test("signed out, /settings sends you to sign in, says why, and brings you back", async ({ page, baseURL, uniqueEmail }) => {
    test.skip(isStaging, MOCK_ONLY_REASON);
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings$/);
    await expect(page.getByTestId("login-reason")).toContainText("メンバー専用");
    await expect(page.getByTestId("login-reason")).toContainText("/settings");
    await signInWithMock(page, baseURL!, uniqueEmail("reason"), { redirectTo: "/settings" });
    await expect(page).toHaveURL(/\/settings$/);
    // a plain visit to /login explains nothing
    await page.context().clearCookies();
    await page.goto("/login");
    await expect(page.getByTestId("login-reason")).toHaveCount(0);
  });

  test("change the display name: checked on the server, the error beside the field, searchable after", async ({ page, newPage, db, signIn, uniqueEmail }) => {
    const email = uniqueEmail("rename");
    const id = await signIn(page, email, { profile: { name: "元の 名前" } });
    await page.goto("/settings");
    const field = page.locator("#displayName");
    await expect(field).toHaveValue("元の 名前");
    const save = page.getByRole("button", { name: "保存する" });

    for (const [typed, error] of [
      ["あ".repeat(51), "表示名は 50 文字以内にしてください。"],
      ["　 ", "表示名を入力してください。"],
      ["タブ\tあり", "表示名に改行やタブなどの制御文字は使えません。"],
    ]) {
      await field.fill(typed);
      await save.click();
      const message = page.getByTestId("displayName-error");
      await expect(message).toHaveText(error);
      await expect(field).toHaveAttribute("aria-invalid", "true");
      await expect(field).toHaveAccessibleDescription(new RegExp(error.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      // beside the field: right under it, not at the top of the page
      const f = (await field.boundingBox())!;
      const m = (await message.boundingBox())!;
      expect(m.y - (f.y + f.height)).toBeLessThan(24);
      expect(Math.abs(m.x - f.x)).toBeLessThan(4);
      await expect(field).toHaveValue(typed);
      expect((await db.userByEmail(email))?.display_name).toBe("元の 名前");
    }
    await expectNoHorizontalOverflow(page);

    // NFKC and trimming: full-width letters become plain ones
    await field.fill("  Ｈａｎａ　すずみな  ");
    await save.click();
    await expect(page.getByTestId("profile-result")).toHaveText("プロフィールを保存しました。");
    await expect(field).toHaveValue("Hana すずみな");
    await expect(page.getByTestId("header-user")).toHaveAccessibleName(/Hana すずみな/);
    const [row] = await db.query<{ display_name: string; search_text: string }>("select display_name, search_text from users where id = $1", [id]);
    expect(row).toEqual({ display_name: "Hana すずみな", search_text: `hana すずみな\n${email}` });
    // the same again is no change
    await save.click();
    await expect(page.getByTestId("profile-result")).toHaveText("変更はありません。");

    // an admin finds the member by the new name (in any width of letters), not by the old one
    const admin = await newPage();
    await signIn(admin, uniqueEmail("finder"), { role: "admin" });
    await admin.goto(`/admin/users?q=${encodeURIComponent("ＨＡＮＡ すずみな")}`);
    await expect(admin.locator(`[data-testid="user-row"][data-user-id="${id}"]`)).toBeVisible();
    await admin.goto(`/admin/users?q=${encodeURIComponent("元の 名前")}`);
    await expect(admin.locator(`[data-testid="user-row"][data-user-id="${id}"]`)).toHaveCount(0);
  });

  test("choose the picture: Google's or the generated one; Google's is offered once known", async ({ page, db, signIn, uniqueEmail }) => {
    test.skip(isStaging, MOCK_ONLY_REASON);
    const email = uniqueEmail("picture");
    const id = await signIn(page, email);
    const google = (await db.userByEmail(email))!.avatar_url;
    await page.goto("/settings");
    await expect(page.getByTestId("avatar-google")).toBeChecked();
    await page.getByTestId("avatar-generated").check();
    await page.getByRole("button", { name: "保存する" }).click();
    await expect(page.getByTestId("profile-result")).toHaveText("プロフィールを保存しました。");
    const generated = (await db.userByEmail(email))!.avatar_url;
    expect(generated).toMatch(/^\/avatars\/[0-9a-f]{16}\.svg$/);
    expect(generated).not.toBe(google);
    await expect(page.getByTestId("header-user").locator("img")).toHaveAttribute("src", generated);
    await expect(page.getByTestId("avatar-generated")).toBeChecked();
    // back to Google's
    await page.getByTestId("avatar-google").check();
    await page.getByRole("button", { name: "保存する" }).click();
    await expect(page.getByTestId("header-user").locator("img")).toHaveAttribute("src", google);
    const [row] = await db.query<{ avatar_url: string; google_avatar_url: string }>("select avatar_url, google_avatar_url from users where id = $1", [id]);
    expect(row).toEqual({ avatar_url: google, google_avatar_url: google });

    // a member from before google_avatar_url existed: their picture is kept as "current", Google's comes later
    await db.query("update users set google_avatar_url = null, avatar_url = '/avatars/imported.svg' where id = $1", [id]);
    await page.goto("/settings");
    await expect(page.getByTestId("avatar-current")).toBeChecked();
    await expect(page.getByTestId("avatar-google")).toHaveCount(0);
    await expect(page.getByTestId("google-avatar-unknown")).toBeVisible();
  });

  test("download my data: everything about me as JSON, no token hashes, nobody else", async ({ page, db, signIn, uniqueEmail }) => {
    const email = uniqueEmail("export");
    const id = await signIn(page, email, { profile: { name: "データ の人" } });
    await page.goto("/settings");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-link").click()]);
    expect(download.suggestedFilename()).toMatch(/^suzumina-web-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync((await download.path())!, "utf8");
    const data = JSON.parse(text);
    expect(data.user).toMatchObject({ id, email, displayName: "データ の人", role: "member" });
    expect(data.accounts).toEqual([expect.objectContaining({ provider: "google" })]);
    const sessions = await db.sessionsOf(id);
    expect(data.sessions).toHaveLength(sessions.length);
    for (const s of sessions) expect(text).not.toContain(s.session_token);
    expect(Object.keys(data.sessions[0]).sort()).toEqual(["createdAt", "expires"]);
    // another member's address never appears
    const [{ email: someoneElse }] = await db.query<{ email: string }>("select email from users where id <> $1 and email is not null limit 1", [id]);
    expect(text).not.toContain(someoneElse);
  });

  test("delete my account: typed name required; then signed out everywhere, rows gone, a new member on return", async ({ page, newPage, db, signIn, uniqueEmail }) => {
    const email = uniqueEmail("leaver");
    const id = await signIn(page, email, { profile: { name: "去る 人" } });
    const phone = await newPage();
    await signIn(phone, email);
    expect(await db.sessionsOf(id)).toHaveLength(2);
    await page.goto("/settings");
    await expect(page.getByText("新しいメンバー")).toBeVisible();
    const confirm = page.locator("#confirmName");
    await confirm.fill("去る");
    await page.getByRole("button", { name: "アカウントを削除する" }).click();
    await expect(page.getByTestId("delete-error")).toContainText("表示名が一致しません");
    await expect(confirm).toHaveAttribute("aria-invalid", "true");
    expect(await db.userByEmail(email)).toBeDefined();

    await confirm.fill("去る 人");
    await page.getByRole("button", { name: "アカウントを削除する" }).click();
    await expect(page).toHaveURL(/\/\?done=account_deleted$/);
    await expect(page.getByTestId("account-deleted")).toBeVisible();
    await expect(page.getByTestId("header-login")).toBeVisible();
    expect(await db.userByEmail(email)).toBeUndefined();
    expect(await db.sessionsOf(id)).toHaveLength(0);
    expect(await db.accountsOf(id)).toHaveLength(0);
    await phone.reload();
    await expect(phone.getByTestId("header-login")).toBeVisible();

    if (isStaging) return;
    // signing in with Google again makes a new member
    const newId = await signIn(page, email, { profile: { name: "戻ってきた 人" } });
    expect(newId).not.toBe(id);
    expect(await db.userByEmail(email)).toMatchObject({ display_name: "戻ってきた 人", role: "member" });
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the name form and its error work as plain HTML forms", async ({ page, db, signIn, uniqueEmail }) => {
    const email = uniqueEmail("nojs");
    await signIn(page, email, { profile: { name: "スクリプト なし" } });
    await page.goto("/settings");
    await page.locator("#displayName").fill("");
    await page.getByRole("button", { name: "保存する" }).click();
    await expect(page.getByTestId("displayName-error")).toHaveText("表示名を入力してください。");
    await page.locator("#displayName").fill("スクリプト なし 2");
    await page.getByRole("button", { name: "保存する" }).click();
    await expect(page.getByTestId("profile-result")).toHaveText("プロフィールを保存しました。");
    expect((await db.userByEmail(email))?.display_name).toBe("スクリプト なし 2");
  });
});
