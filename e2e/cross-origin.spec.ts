// A page on another origin of the same site (here: another port of 127.0.0.1, so the SameSite=Lax
// session cookie IS sent) cannot make a signed-in admin's browser change roles or sign out.
import { expect, sessionCookieName, test } from "./fixtures";

test("forms posted from another origin are refused with 403 and change nothing", async ({ page, newPage, baseURL, db, signIn, uniqueEmail }) => {
  const adminId = await signIn(page, uniqueEmail("admin"), { role: "admin" });
  const victimEmail = uniqueEmail("victim");
  const victimId = await signIn(await newPage(), victimEmail);

  // The attacker's page, answered by the test under an origin that shares the app's site (nothing listens
  // on port 1; the route fulfils the request before any connection is tried).
  const attacker = `http://${new URL(baseURL!).hostname}:1`;
  const forms = {
    promote: { action: "/admin/users", fields: { intent: "role", userId: victimId, role: "admin" } },
    logout: { action: "/logout", fields: {} },
  };
  for (const [name, form] of Object.entries(forms)) {
    const inputs = Object.entries(form.fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
      .join("");
    await page.route(`${attacker}/${name}.html`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<form method="post" action="${baseURL}${form.action}">${inputs}</form><script>document.forms[0].submit()</script>`,
      }),
    );
    const answered = page.waitForResponse((r) => r.url() === `${baseURL}${form.action}` && r.request().method() === "POST");
    await page.goto(`${attacker}/${name}.html`);
    const res = await answered;
    expect((await res.request().allHeaders())["cookie"], "the session cookie went along").toContain(`${sessionCookieName(baseURL!)}=`);
    expect(res.status(), `${name} from ${attacker}`).toBe(403);
  }

  expect(await db.userByEmail(victimEmail)).toMatchObject({ role: "member" });
  expect(await db.sessionsOf(adminId)).toHaveLength(1);
  await page.goto("/");
  await expect(page.getByTestId("welcome")).toBeVisible();
});
