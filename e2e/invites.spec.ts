// /admin/invites as an admin meets it: the access policy in force (and a warning when invitations do
// nothing under it), one invitation per e-mail, a one-time link to copy or select, expiry as a date
// and the time left, revocation after a confirmation.
import type { Page } from "@playwright/test";
import { atEachWidth, expect, test } from "./fixtures";
import { isStaging, LOCAL_ONLY_REASON } from "./support/mode";

async function invite(page: Page, email: string, days = "7"): Promise<string> {
  const shown = page.getByTestId("invite-link");
  const before = (await shown.count()) ? await shown.innerText() : null;
  await page.locator("#invite-email").fill(email);
  await page.locator("#invite-days").fill(days);
  await page.getByRole("button", { name: "招待を作成" }).click();
  // the answer to this submission, not the one still on screen from the last
  if (before) await expect(shown).not.toHaveText(before);
  await expect(page.getByTestId("admin-result")).toContainText(`${email} さんへの招待を作成しました。`);
  return (await shown.innerText()).trim();
}

atEachWidth(() => {
  test("the policy is stated; one invitation per e-mail: inviting again replaces the link; expiry as date + time left", async ({ page, newPage, db, signIn, uniqueEmail }) => {
    test.skip(isStaging, "the staging site's policy is its own; the invite-policy case is covered by the next test");
    await signIn(page, uniqueEmail("inviter"), { role: "admin" });
    await page.goto("/admin/invites");
    // the suite's server runs ACCESS_POLICY=open: invitations do nothing there, and the page says so
    await expect(page.getByTestId("policy")).toHaveAttribute("data-policy", "open");
    await expect(page.getByTestId("policy")).toContainText("招待には効果がありません");

    const guest = uniqueEmail("twice");
    const first = await invite(page, guest);
    await expect(page.getByTestId("admin-result")).toContainText("今のログイン方針では、この招待は使われません");
    // the form is empty again for the next invitation
    await expect(page.locator("#invite-email")).toHaveValue("");
    const second = await invite(page, guest, "3");
    expect(second).not.toBe(first);
    await expect(page.getByTestId("admin-result")).toContainText("以前に送った招待リンクは使えなくなりました。");
    await expect(page.getByTestId("admin-result")).toContainText(/有効期限: \d{4}\/\d{1,2}\/\d{1,2}、あと3日/);
    const rows = page.locator(`[data-testid="invite-row"][data-email="${guest}"]`);
    await expect(rows).toHaveCount(1);
    expect(await db.invitesFor(guest)).toHaveLength(1);
    // a date and the days left, never seconds
    await expect(rows.getByTestId("invite-expiry")).toHaveText(/^\d{4}\/\d{1,2}\/\d{1,2}（あと3日）$/);
    await expect(page.locator("main")).not.toContainText(/\d{1,2}:\d{2}:\d{2}/);

    // only the newest link works (seen by the guest, signed out)
    const stranger = await newPage();
    await stranger.goto(first);
    await expect(stranger.getByTestId("invite-notice")).toHaveCount(0);
    await stranger.goto(second);
    await expect(stranger.getByTestId("invite-notice")).toContainText(guest);
  });

  test("under ACCESS_POLICY=invite the page says invitations admit people, without a warning", async ({ page, newPage, signIn, startApp, uniqueEmail }) => {
    test.skip(isStaging, LOCAL_ONLY_REASON);
    const app = await startApp({ ACCESS_POLICY: "invite" });
    await signIn(page, uniqueEmail("invadmin"), { role: "admin" });
    await page.goto(`${app.url}/admin/invites`);
    await expect(page.getByTestId("policy")).toHaveAttribute("data-policy", "invite");
    await expect(page.getByTestId("policy")).toContainText("招待された方だけがログインできます");
    await expect(page.getByTestId("policy")).not.toContainText("効果がありません");
    const guest = uniqueEmail("invguest");
    const first = await invite(page, guest);
    const second = await invite(page, guest);
    const stranger = await newPage();
    await stranger.goto(first);
    await expect(stranger.getByTestId("invite-notice")).toHaveCount(0);
    await stranger.goto(second);
    await expect(stranger.getByTestId("invite-notice")).toContainText(guest);
  });

  test("the one-time link: a copy button, and where the clipboard is refused the link is selected with instructions", async ({ page, context, newPage, signIn, uniqueEmail, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await signIn(page, uniqueEmail("copier"), { role: "admin" });
    await page.goto("/admin/invites");
    const link = await invite(page, uniqueEmail("copied"));
    await page.getByTestId("invite-link-copy").click();
    await expect(page.getByTestId("invite-link-status")).toHaveText("コピーしました。");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // a browser without the Clipboard API (or one that refuses it)
    const old = await newPage();
    await old.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined }));
    await signIn(old, uniqueEmail("oldcopier"), { role: "admin" });
    await old.goto("/admin/invites");
    const link2 = await invite(old, uniqueEmail("selected"));
    await old.getByTestId("invite-link-copy").click();
    await expect(old.getByTestId("invite-link-status")).toContainText("リンクを選択したので、Ctrl+C");
    expect(await old.evaluate(() => window.getSelection()?.toString().trim())).toBe(link2);
  });

  test("revoking an invitation asks first", async ({ page, db, signIn, uniqueEmail }) => {
    await signIn(page, uniqueEmail("revoker"), { role: "admin" });
    await page.goto("/admin/invites");
    const guest = uniqueEmail("revoked");
    await invite(page, guest);
    const row = page.locator(`[data-testid="invite-row"][data-email="${guest}"]`);
    await row.getByRole("button", { name: "取り消し" }).click();
    await expect(page.getByTestId("confirm-dialog")).toContainText(`${guest} さんへの招待を取り消しますか？`);
    expect(await db.invitesFor(guest)).toHaveLength(1);
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "取り消す" }).click();
    await expect(page.getByTestId("admin-result")).toContainText("招待を取り消しました");
    await expect(row).toHaveCount(0);
    expect(await db.invitesFor(guest)).toHaveLength(0);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the link is plain selectable text (no copy button that could not work)", async ({ page, signIn, uniqueEmail }) => {
    await signIn(page, uniqueEmail("nojsinviter"), { role: "admin" });
    await page.goto("/admin/invites");
    const link = await invite(page, uniqueEmail("nojsguest"));
    expect(link).toMatch(/\/login\?invite=[\w-]{43}$/);
    await expect(page.getByTestId("invite-link-copy")).toHaveCount(0);
    await expect(page.getByTestId("invite-link")).toHaveCSS("user-select", "all");
  });
});
