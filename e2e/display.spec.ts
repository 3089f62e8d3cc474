// Scenario 10: Japanese display names and odd avatar URLs come through intact and escaped, and do not
// break the layout.
import type { Page } from "@playwright/test";
import { expect, signInWithMock, test } from "./fixtures";
import { isStaging, MOCK_ONLY_REASON } from "./support/mode";

const AVATAR_HOST = "https://avatars.e2e.example";
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#e8a"/></svg>`;

/** Serves any image under AVATAR_HOST (the run has no internet) and records what the browser asked for. */
async function serveAvatars(page: Page): Promise<string[]> {
  const requested: string[] = [];
  await page.route(`${AVATAR_HOST}/**`, (route) => {
    requested.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "image/svg+xml", body: SVG });
  });
  return requested;
}

/** Fails the test if any script the page did not ship runs (an injected alert or a global marker). */
async function watchForInjection(page: Page): Promise<() => Promise<void>> {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return async () => {
    expect(dialogs, "no injected dialog").toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  };
}

async function expectNoHorizontalOverflow(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, "page wider than the window").toBeLessThanOrEqual(client);
}

test.describe("names and avatars", () => {
  test("a Japanese name with markup and emoji is shown literally, stored exactly, and wraps", async ({ page, db, signIn, uniqueEmail }) => {
    const email = uniqueEmail("jp");
    const name = `涼風みな🎐「すずみな」<script>window.__xss=1</script> & "引用" <img src=x onerror=alert(1)>`;
    const checkInjection = await watchForInjection(page);
    await signIn(page, email, { profile: { name }, redirectTo: "/" });

    await expect(page.getByTestId("welcome")).toContainText(name);
    const user = await db.userByEmail(email);
    expect(user?.display_name).toBe(name);
    // the markup stayed text: no element came out of it
    await expect(page.getByTestId("welcome").locator("script, img:not([data-testid='avatar'])")).toHaveCount(0);
    await expectNoHorizontalOverflow(page);

    await page.goto(`/users/${user!.id}`);
    await expect(page.getByTestId("profile-name")).toHaveText(name);
    await expect(page).toHaveTitle(new RegExp(`^${name.slice(0, 6)}`));
    await checkInjection();
  });

  test("a very long name without spaces wraps inside the page on a phone-sized screen", async ({ page, db, signIn, uniqueEmail }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    const email = uniqueEmail("long");
    const name = "すずみなくりっくファン".repeat(9); // 99 characters, no break opportunity for Latin rules
    await signIn(page, email, { profile: { name }, redirectTo: "/" });
    await expect(page.getByTestId("welcome")).toContainText(name);
    await expectNoHorizontalOverflow(page);
    expect((await db.userByEmail(email))?.display_name).toBe(name);
  });

  test("an https avatar URL with Japanese, spaces and quotes is kept exactly and loads", async ({ page, db, signIn, uniqueEmail }) => {
    const requested = await serveAvatars(page);
    const checkInjection = await watchForInjection(page);
    const email = uniqueEmail("avatar");
    const picture = `${AVATAR_HOST}/顔 写真/a"b'c<d>.svg?size=96&name=すず#frag`;
    await signIn(page, email, { profile: { picture }, redirectTo: "/" });

    const avatar = page.getByTestId("avatar");
    await expect(avatar).toHaveAttribute("src", picture);
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // the browser fetched that very URL (percent-encoded as browsers do)
    expect(requested.map((u) => decodeURI(u))).toContain(decodeURI(new URL(picture).href.replace(/#.*$/, "")));
    const box = await avatar.boundingBox();
    expect(box!.width).toBeGreaterThan(0);
    expect(box!.width).toBeLessThanOrEqual(200);
    expect((await db.userByEmail(email))?.avatar_url).toBe(picture);
    await checkInjection();
  });

  test("avatar URLs of other schemes are replaced by a generated avatar", async ({ page, baseURL, db, uniqueEmail }) => {
    test.skip(isStaging, MOCK_ONLY_REASON);
    const checkInjection = await watchForInjection(page);
    for (const picture of ["javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>", "http://plain.example/a.png", "/avatars/../../etc/passwd"]) {
      const email = uniqueEmail("scheme");
      await page.context().clearCookies();
      await signInWithMock(page, baseURL!, email, { profile: { picture } });
      const avatar = page.getByTestId("avatar");
      await expect(avatar).toHaveAttribute("src", /^\/avatars\/[0-9a-f]+\.svg$/);
      await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect((await db.userByEmail(email))?.avatar_url).toMatch(/^\/avatars\/[0-9a-f]+\.svg$/);
    }
    await checkInjection();
  });
});
