// Scenarios 1 and 3: first sign-in creates a member from Google's profile, a later one keeps the member's
// own profile; redirectTo is followed for our own paths and ignored for other sites.
import { expect, mintSession, signInWithMock, submitLogin, test } from "./fixtures";
import { setMockProfile } from "./support/mock-control";
import { isStaging, MOCK_ONLY_REASON } from "./support/mode";

test.describe("sign-in with Google", () => {
  test.skip(isStaging, MOCK_ONLY_REASON);

  test("the first sign-in creates a member; a second one keeps the member's name", async ({ page, newPage, baseURL, db, uniqueEmail }) => {
    const email = uniqueEmail("first");
    expect(await db.userByEmail(email)).toBeUndefined();

    await signInWithMock(page, baseURL!, email, { profile: { name: "鈴木 みな" } });
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByTestId("welcome")).toContainText("鈴木 みな");
    const avatar = page.getByTestId("avatar");
    await expect(avatar).toBeVisible();
    // the image really loaded (a broken image has naturalWidth 0)
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    const user = await db.userByEmail(email);
    expect(user).toMatchObject({ display_name: "鈴木 みな", role: "member", email });
    expect(await db.accountsOf(user!.id)).toHaveLength(1);
    expect(await db.sessionsOf(user!.id)).toHaveLength(1);

    // Google now reports another name; signing in again (another browser) keeps the member's own profile
    // (imported from the previous app, or taken from Google at the first sign-in).
    const page2 = await newPage();
    await signInWithMock(page2, baseURL!, email, { profile: { name: "鈴木 みな（改名）" } });
    await expect(page2.getByTestId("welcome")).toContainText("鈴木 みな");
    await expect(page2.getByTestId("welcome")).not.toContainText("改名");

    const rows = await db.usersByEmail(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: user!.id, display_name: "鈴木 みな" });
    expect(await db.accountsOf(user!.id)).toHaveLength(1);
    expect(await db.sessionsOf(user!.id)).toHaveLength(2);
  });

  test("opening a protected page signed out, then signing in, lands on that page", async ({ page, baseURL, db, uniqueEmail }) => {
    // someone else's profile: members only
    const other = await mintSession(uniqueEmail("other"), "member", "別の メンバー");
    const email = uniqueEmail("redirect");
    await page.goto(`/users/${other.userId}`);
    await expect(page).toHaveURL(`${baseURL}/login?redirectTo=${encodeURIComponent(`/users/${other.userId}`)}`);

    await setMockProfile({ email });
    await submitLogin(page, email);
    await expect(page).toHaveURL(`${baseURL}/users/${other.userId}`);
    await expect(page.getByTestId("profile-name")).toHaveText("別の メンバー");
    // not one's own profile: the e-mail stays private
    await expect(page.getByTestId("profile-email")).toHaveCount(0);
    expect(await db.userByEmail(email)).toMatchObject({ role: "member" });
  });

  test("a redirectTo pointing at another site lands on / instead", async ({ page, baseURL, db, uniqueEmail }) => {
    const email = uniqueEmail("evil");
    for (const evil of ["https://evil.example", "//evil.example/x", "/\\evil.example"]) {
      await page.context().clearCookies();
      await signInWithMock(page, baseURL!, email, { redirectTo: evil });
      await expect(page).toHaveURL(`${baseURL}/`);
      await expect(page.getByTestId("welcome")).toBeVisible();
    }
    expect(await db.userByEmail(email)).toBeDefined();
  });
});
