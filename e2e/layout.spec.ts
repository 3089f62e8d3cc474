// The layout as a new member meets it on a phone (390 px, and the narrowest supported, 360 px) and a
// laptop (1280 px): the header on one line, admin lists as readable cards, one brand name in every
// title, control borders and focus rings that can be seen.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { atEachWidth, expect, expectNoHorizontalOverflow, test } from "./fixtures";

/** The header is one line: every item on the same row, no item taller than one line of its text. */
async function expectOneLineHeader(page: Page, label: string) {
  const header = page.locator(".site-header");
  const box = (await header.boundingBox())!;
  expect(box.height, `${label}: header height`).toBeLessThanOrEqual(60);
  const items = await header.evaluate((h) =>
    [...h.querySelectorAll("a, button, img")]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 24;
        // a text's height over one line (plus padding) means it wrapped
        const text = el.tagName === "IMG" ? 0 : Math.round(r.height - parseFloat(getComputedStyle(el).paddingTop) - parseFloat(getComputedStyle(el).paddingBottom));
        return { what: el.textContent?.trim() || el.tagName, middle: r.top + r.height / 2, text, lineHeight, right: r.right };
      }),
  );
  for (const item of items) {
    expect(Math.abs(item.middle - (box.y + box.height / 2)), `${label}: "${item.what}" off the header's line`).toBeLessThanOrEqual(8);
    expect(item.text, `${label}: "${item.what}" wrapped`).toBeLessThan(item.lineHeight * 1.8);
    expect(item.right, `${label}: "${item.what}" outside the window`).toBeLessThanOrEqual(page.viewportSize()!.width);
  }
}

atEachWidth(({ name, viewport }) => {
  test("the header stays on one line: signed out, a member with a long name, an admin", async ({ page, newPage, signIn, uniqueEmail }) => {
    const widths = name === "phone" ? [360, viewport.width] : [viewport.width];
    const member = await newPage();
    const admin = await newPage();
    await signIn(member, uniqueEmail("header"), { profile: { name: "とても長い名前のメンバーすずみなくりっくファンクラブ会員番号一番" } });
    await signIn(admin, uniqueEmail("headeradmin"), { role: "admin", profile: { name: "admin" } });
    for (const width of widths) {
      for (const [who, p, paths] of [
        ["signed out", page, ["/", "/login"]],
        ["member", member, ["/", "/settings"]],
        ["admin", admin, ["/", "/admin/users", "/admin/invites"]],
      ] as const) {
        await p.setViewportSize({ width, height: viewport.height });
        for (const path of paths) {
          await p.goto(path);
          await expectOneLineHeader(p, `${who} ${path} at ${width}px`);
          await expectNoHorizontalOverflow(p, `${who} ${path} at ${width}px`);
        }
      }
    }
    // the name is there for everyone: shown on a laptop, the link's accessible name on a phone
    await expect(member.getByTestId("header-user")).toHaveAccessibleName(/とても長い名前/);
    if (name === "desktop") await expect(admin.getByTestId("header-user")).toContainText("admin");
  });

  test("admin users: readable cards on a phone, one row per person on a laptop; six people fit", async ({ page, db, signIn, uniqueEmail }) => {
    // six people found by one search (a marker in their names); addresses the staging clean-up knows
    const marker = `layout${randomBytes(4).toString("hex")}`;
    for (let i = 0; i < 6; i++) await db.insertMember({ displayName: `山田 花子 ${marker} ${i}`, email: uniqueEmail("layout") });
    await signIn(page, uniqueEmail("listadmin"), { role: "admin" });
    await page.goto(`/admin/users?q=${marker}`);
    const rows = page.getByTestId("user-row");
    await expect(rows).toHaveCount(6);
    await expectNoHorizontalOverflow(page);
    const list = (await page.locator(".admin-list").boundingBox())!;
    for (let i = 0; i < 6; i++) {
      const row = rows.nth(i);
      const card = (await row.boundingBox())!;
      // a card as wide as the list, the name and e-mail each on one line
      expect(card.width).toBeGreaterThanOrEqual(list.width - 1);
      const nameBox = (await row.getByRole("link", { name: /山田 花子/ }).boundingBox())!;
      expect(nameBox.height, "name on one line").toBeLessThan(32);
      expect((await row.locator(".admin-item-sub").boundingBox())!.height, "e-mail on one line").toBeLessThan(30);
      const head = (await row.locator(".admin-item-head").boundingBox())!;
      const actions = (await row.locator(".admin-actions").boundingBox())!;
      if (name === "phone") expect(actions.y, "actions below the name on a phone").toBeGreaterThanOrEqual(head.y + head.height - 1);
      else expect(actions.x, "actions beside the name on a laptop").toBeGreaterThanOrEqual(head.x + head.width - 1);
    }
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    // before: 2,000 px for six people, names one or two characters a line
    expect(height).toBeLessThan(name === "phone" ? 1600 : 1100);
    await page.screenshot({ path: test.info().outputPath(`admin-users-${viewport.width}.png`), fullPage: true });
  });

  test("one brand name in every title, error pages included", async ({ page, signIn, uniqueEmail }) => {
    await signIn(page, uniqueEmail("titles"), { role: "admin" });
    for (const [path, title] of [
      ["/", "すずみな web"],
      ["/settings", "設定 | すずみな web"],
      ["/admin/users", "ユーザー管理 | すずみな web"],
      ["/admin/invites", "招待の管理 | すずみな web"],
      ["/no-such-page", "ページが見つかりません | すずみな web"],
      ["/settings/nope/x", "ページが見つかりません | すずみな web"],
      ["/auth/error?reason=access_denied", "ログインできませんでした | すずみな web"],
    ]) {
      await page.goto(path);
      await expect(page, path).toHaveTitle(title);
    }
    await page.context().clearCookies();
    await page.goto("/login");
    await expect(page).toHaveTitle("ログイン | すずみな web");
  });

  test("controls: borders at 3:1 or more against their background, and a visible focus ring", async ({ page, signIn, uniqueEmail }) => {
    await signIn(page, uniqueEmail("controls"), { role: "admin" });
    for (const path of ["/settings", "/admin/users", "/admin/invites"]) {
      await page.goto(path);
      const low = await page.evaluate(() => {
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const lum = ([r, g, b]: number[]) => {
          const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const ratio = (a: number[], b: number[]) => {
          const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
          return (x + 0.05) / (y + 0.05);
        };
        const backgroundOf = (el: Element | null): number[] => {
          for (; el; el = el.parentElement) {
            const c = rgb(getComputedStyle(el).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
          }
          return [255, 255, 255];
        };
        return [...document.querySelectorAll("main input:not([type=hidden]):not([type=radio]), main select, main button:not(:disabled)")]
          .map((el) => {
            const border = rgb(getComputedStyle(el).borderTopColor).slice(0, 3);
            const r = ratio(border, backgroundOf(el.parentElement));
            return { el: `${el.tagName} ${el.textContent?.trim().slice(0, 20) ?? ""}`, r: Math.round(r * 100) / 100 };
          })
          .filter((x) => x.r < 3);
      });
      expect(low, `${path}: control borders under 3:1`).toEqual([]);
    }
    // keyboard focus is drawn: a 3 px outline in the focus colour
    await page.goto("/settings");
    await page.locator("#displayName").focus();
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor };
    });
    expect(outline).toEqual({ style: "solid", width: "3px", color: "rgb(29, 78, 216)" });
  });
});
