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

/** Date and time in Japan (admin pages: invitation and claim-link expiry), e.g. "2026/12/8 21:30:00". */
export function formatJstDateTime(d: Date | string | number): string {
  return new Date(d).toLocaleString("ja-JP", { timeZone: "Asia/Tokyo" });
}
