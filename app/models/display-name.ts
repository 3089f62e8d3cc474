// The rule for a display name a member sets on /settings, shared by the server check and the page's
// hints (pure: no database). Names from Google or the previous app are kept as they came; this applies
// when a member changes theirs.

export const DISPLAY_NAME_MAX = 50;

// C0/C1 controls (incl. tab and newlines), line/paragraph separators, and the bidirectional controls
// that can make a name render as someone else's (U+202A–202E, U+2066–2069, U+200E/200F, U+061C).
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

export type DisplayNameResult = { ok: true; value: string } | { ok: false; error: string };

/** NFKC, trimmed, 1–50 characters (code points), no control characters; the error in Japanese. */
export function parseDisplayName(raw: unknown): DisplayNameResult {
  if (typeof raw !== "string") return { ok: false, error: "表示名を入力してください。" };
  const value = raw.normalize("NFKC").trim();
  if (value.length === 0) return { ok: false, error: "表示名を入力してください。" };
  if ([...value].length > DISPLAY_NAME_MAX) return { ok: false, error: `表示名は ${DISPLAY_NAME_MAX} 文字以内にしてください。` };
  if (FORBIDDEN.test(value)) return { ok: false, error: "表示名に改行やタブなどの制御文字は使えません。" };
  return { ok: true, value };
}

/** The typed confirmation matches the name (the same folding as the name itself, so full-width typing counts). */
export function sameDisplayName(typed: unknown, name: string): boolean {
  return typeof typed === "string" && typed.normalize("NFKC").trim() === name.normalize("NFKC").trim();
}
