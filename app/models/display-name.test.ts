import { describe, expect, it } from "vitest";
import { DISPLAY_NAME_MAX, parseDisplayName, sameDisplayName } from "./display-name";

describe("parseDisplayName", () => {
  it("applies NFKC and trims", () => {
    expect(parseDisplayName("  Ｈａｎａ　ﾔﾏﾀﾞ  ")).toEqual({ ok: true, value: "Hana ヤマダ" });
    expect(parseDisplayName("すずみな🌸")).toEqual({ ok: true, value: "すずみな🌸" });
  });

  it("refuses empty and whitespace-only names (ideographic spaces included)", () => {
    for (const raw of ["", "   ", "\u3000\u3000", undefined, null, 42]) expect(parseDisplayName(raw).ok).toBe(false);
  });

  it("counts characters as code points, after NFKC: 50 pass, 51 do not", () => {
    expect(parseDisplayName("あ".repeat(DISPLAY_NAME_MAX)).ok).toBe(true);
    expect(parseDisplayName("🌸".repeat(DISPLAY_NAME_MAX)).ok).toBe(true);
    expect(parseDisplayName("あ".repeat(DISPLAY_NAME_MAX + 1))).toEqual({ ok: false, error: "表示名は 50 文字以内にしてください。" });
    // "㍻" is one character typed, two after NFKC ("平成")
    expect(parseDisplayName("㍻".repeat(26)).ok).toBe(false);
  });

  it("refuses control characters, line separators and bidirectional overrides inside the name", () => {
    for (const raw of ["a\nb", "a\tb", "a\u0000b", "a\u007fb", "a\u0085b", "a\u2028b", "a\u202Eb", "a\u2066b", "a\u200Fb"]) {
      expect(parseDisplayName(raw), JSON.stringify(raw)).toEqual({ ok: false, error: "表示名に改行やタブなどの制御文字は使えません。" });
    }
    // surrounding newlines are trimmed away, like spaces
    expect(parseDisplayName("\nすずみな\n")).toEqual({ ok: true, value: "すずみな" });
  });
});

it("sameDisplayName folds the typed confirmation like the name", () => {
  expect(sameDisplayName(" Ｈａｎａ ", "Hana")).toBe(true);
  expect(sameDisplayName("hana", "Hana")).toBe(false);
  expect(sameDisplayName(undefined, "Hana")).toBe(false);
});
