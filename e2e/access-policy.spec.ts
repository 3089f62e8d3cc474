// Scenarios 6 and 7: the same build started with ACCESS_POLICY=invite and =domain (extra servers on
// other ports, same database) lets in only invited e-mails or allowed domains.
import { expect, signInWithMock, submitLogin, test } from "./fixtures";
import { isStaging, LOCAL_ONLY_REASON } from "./support/mode";

test.describe("access policies", () => {
  test.skip(isStaging, LOCAL_ONLY_REASON);

  test("ACCESS_POLICY=invite: refused until an admin invites the e-mail; the invitation is then used up", async ({ db, newPage, signIn, startApp, uniqueEmail }) => {
    const app = await startApp({ ACCESS_POLICY: "invite" });
    const guestEmail = uniqueEmail("guest");
    const guest = await newPage();

    await signInWithMock(guest, app.url, guestEmail);
    await expect(guest).toHaveURL(/\/auth\/not-allowed\?reason=invite/);
    await expect(guest.getByTestId("not-allowed")).toBeVisible();
    expect(await db.userByEmail(guestEmail)).toBeUndefined();

    // An admin invites the guest. (Signed in on the suite's open server: the cookie is for 127.0.0.1,
    // whatever the port, and both servers share the database and session secret.)
    const admin = await newPage();
    await signIn(admin, uniqueEmail("admin"), { role: "admin" });
    await admin.goto(`${app.url}/admin/invites`);
    await admin.locator('input[type="email"][name="email"]').fill(guestEmail);
    await admin.locator('[name="expiresInDays"]').fill("7");
    await admin.getByRole("button", { name: "招待を作成" }).click();
    const link = await admin.getByTestId("invite-link").innerText();
    expect(link.trim()).toMatch(new RegExp(`^${app.url}/login\\?invite=[\\w-]{20,}$`));
    await expect(admin.locator(`[data-testid="invite-row"][data-email="${guestEmail}"]`)).toBeVisible();
    const [invite] = await db.invitesFor(guestEmail);
    expect(invite).toBeDefined();
    expect(invite.expires.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    // only the hash is stored, never the secret in the link
    expect(link).not.toContain(invite.token);

    // the guest follows the link: the login page names the invited address and fills it in
    await guest.goto(link.trim());
    await expect(guest.getByTestId("invite-notice")).toContainText(guestEmail);
    await expect(guest.locator('input[name="login_hint"]')).toHaveValue(guestEmail);
    await submitLogin(guest);
    await expect(guest).toHaveURL(`${app.url}/`);
    await expect(guest.getByTestId("welcome")).toBeVisible();
    expect(await db.userByEmail(guestEmail)).toMatchObject({ role: "member" });
    expect(await db.invitesFor(guestEmail)).toHaveLength(0);

  });

  test("ACCESS_POLICY=domain: an outside domain is refused, an allowed one gets in", async ({ page, db, startApp, uniqueEmail }) => {
    const app = await startApp({ ACCESS_POLICY: "domain", ALLOWED_EMAIL_DOMAINS: "suzumina.example,fans.example" });

    const outsider = uniqueEmail("outsider", "elsewhere.example");
    await signInWithMock(page, app.url, outsider);
    await expect(page).toHaveURL(/\/auth\/not-allowed\?reason=domain/);
    await expect(page.getByTestId("not-allowed")).toBeVisible();
    expect(await db.userByEmail(outsider)).toBeUndefined();

    // a Workspace account of the domain: Google's hd claim says so (the e-mail's domain alone proves nothing)
    const insider = uniqueEmail("insider", "fans.example");
    await signInWithMock(page, app.url, insider, { profile: { hd: "fans.example" } });
    await expect(page).toHaveURL(`${app.url}/`);
    await expect(page.getByTestId("welcome")).toBeVisible();
    expect(await db.userByEmail(insider)).toMatchObject({ role: "member" });
  });
});
