// axe-core on a page as it is: every rule axe runs by default (WCAG 2.0–2.2 A/AA and best practices).
// Serious and critical findings always fail. A lesser finding fails too unless it is listed below with
// the reason it is accepted, so nothing is ignored silently.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Accepted findings below "serious", by rule id, with the reason. (None so far.) */
export const ACCEPTED_MINOR: Record<string, string> = {};

export async function expectAccessible(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const failing = violations.filter((v) => v.impact === "serious" || v.impact === "critical" || !(v.id in ACCEPTED_MINOR));
  expect(
    failing.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`),
    `axe on ${label}`,
  ).toEqual([]);
}
