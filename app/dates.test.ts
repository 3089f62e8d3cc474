import { describe, expect, it } from "vitest";
import { formatJstDate } from "./dates";

const intl = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo" });

describe("formatJstDate", () => {
  it("gives Intl's ja-JP Asia/Tokyo date, around midnight JST and across years", () => {
    expect(formatJstDate("2026-01-04T15:00:00.000Z")).toBe("2026/1/5"); // 00:00 JST
    expect(formatJstDate("2026-01-04T14:59:59.999Z")).toBe("2026/1/4"); // 23:59 JST
    expect(formatJstDate(new Date("2026-12-31T15:00:00Z"))).toBe("2027/1/1");
    const from = Date.UTC(1970, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const t = from + Math.floor(Math.random() * (to - from));
      expect(formatJstDate(t), new Date(t).toISOString()).toBe(intl.format(t));
    }
  });
});
