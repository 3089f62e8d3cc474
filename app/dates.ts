// Dates as members read them: Japan time, in the form Intl's ja-JP gives ("2026/1/5"). Server and
// browser must render the same text (hydration), whatever their own time zones.
// Japan has kept UTC+9 all year since 1951 (no daylight saving), so a fixed offset gives Intl's date:
// about 15 µs cheaper per call than Intl.DateTimeFormat#format inside a page render, which mattered on
// the signed-in profile page (`npm run bench -- auth`). dates.test.ts compares the two.
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** "2026/11/28" for an instant (Date, ISO string or epoch ms), in Japan time. */
export function formatJstDate(d: Date | string | number): string {
  const jst = new Date(new Date(d).getTime() + JST_OFFSET_MS);
  return `${jst.getUTCFullYear()}/${jst.getUTCMonth() + 1}/${jst.getUTCDate()}`;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Time left until an instant, as admin pages show an expiry beside its date: "あと7日", "あと5時間",
 * "あと1時間未満", "期限切れ". Rounded to the nearest day (hour under a day). Depends on the clock, so the
 * loader computes it and the page only renders it: the browser must not compute a different text.
 */
export function formatRemaining(until: Date | string | number, now: Date | number = Date.now()): string {
  const ms = new Date(until).getTime() - new Date(now).getTime();
  if (ms <= 0) return "期限切れ";
  if (ms < HOUR_MS) return "あと1時間未満";
  const hours = Math.round(ms / HOUR_MS);
  if (hours < 24) return `あと${hours}時間`;
  return `あと${Math.max(1, Math.round(ms / DAY_MS))}日`;
}

/** An expiry as admin pages show it: the Japan date and the time left, e.g. {date: "2026/12/8", remaining: "あと7日"}. */
export function expiryLabel(until: Date | string | number, now: Date | number = Date.now()): { date: string; remaining: string; expired: boolean } {
  return { date: formatJstDate(until), remaining: formatRemaining(until, now), expired: new Date(until).getTime() <= new Date(now).getTime() };
}
