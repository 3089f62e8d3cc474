import { describe, expect, it } from "vitest";
import { expiryLabel, formatJstDate, formatRemaining } from "./dates";

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

describe("formatRemaining", () => {
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const H = 3_600_000;
  it("counts days to the nearest day, hours under a day, and says when it has passed", () => {
    expect(formatRemaining(now + 7 * 24 * H, now)).toBe("あと7日");
    expect(formatRemaining(now + 7 * 24 * H - 1000, now)).toBe("あと7日"); // a 7-day invitation a moment later
    expect(formatRemaining(now + 6 * 24 * H + 2 * H, now)).toBe("あと6日");
    expect(formatRemaining(now + 36 * H, now)).toBe("あと2日");
    expect(formatRemaining(now + 23.6 * H, now)).toBe("あと1日");
    expect(formatRemaining(now + 5 * H, now)).toBe("あと5時間");
    expect(formatRemaining(now + 59 * 60_000, now)).toBe("あと1時間未満");
    expect(formatRemaining(now, now)).toBe("期限切れ");
    expect(formatRemaining(now - H, now)).toBe("期限切れ");
  });

  it("expiryLabel gives the Japan date beside it", () => {
    expect(expiryLabel("2026-12-08T15:30:00.000Z", now)).toEqual({ date: "2026/12/9", remaining: "あと7日", expired: false });
    expect(expiryLabel(now - 1, now)).toMatchObject({ expired: true, remaining: "期限切れ" });
  });
});
