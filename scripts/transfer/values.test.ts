import { describe, expect, it } from "vitest";
import { decodeField, encodeField } from "./copy-text";
import { TABLES } from "./tables";
import { canonical, Checksum, formatSqliteDateTime, parseDateTime } from "./values";

describe("datetime values", () => {
  it("reads every form SQLite may hold as the same instant", () => {
    const t = Date.UTC(2023, 11, 27, 3, 29, 33, 584);
    expect(parseDateTime("2023-12-27T03:29:33.584+00:00")).toBe(t); // Prisma's form
    expect(parseDateTime("2023-12-27T03:29:33.584Z")).toBe(t);
    expect(parseDateTime("2023-12-27T12:29:33.584+09:00")).toBe(t); // JST
    expect(parseDateTime("2023-12-26T22:29:33.584-0500")).toBe(t);
    expect(parseDateTime("2023-12-27 03:29:33")).toBe(t - 584); // CURRENT_TIMESTAMP: UTC without a zone
    expect(parseDateTime("2023-12-27T03:29:33.584123Z")).toBe(t); // Prisma keeps milliseconds
    expect(parseDateTime("1969-12-31T23:59:59.999+00:00")).toBe(-1);
    expect(parseDateTime("0099-01-01T00:00:00.000Z")).toBe(Date.parse("0099-01-01T00:00:00.000Z"));
  });

  it("rejects what is not a date", () => {
    for (const bad of ["2023-02-30T00:00:00Z", "yesterday", "2023-12-27T25:00:00Z", ""]) expect(parseDateTime(bad)).toBeUndefined();
  });

  it("writes Prisma's own SQLite form, which reads back exactly", () => {
    for (const t of [0, -1, Date.UTC(2038, 0, 19, 3, 14, 8), Date.UTC(9999, 11, 31, 23, 59, 59, 999)]) {
      const s = formatSqliteDateTime(t);
      expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(parseDateTime(s)).toBe(t);
    }
  });

  it("canonicalises engine values by column kind and refuses the unreadable", () => {
    const users = TABLES.find((t) => t.name === "users")!;
    const created = users.columns.find((c) => c.name === "created_at")!;
    const email = users.columns.find((c) => c.name === "email")!;
    expect(canonical(users, created, "1703647773584")).toBe(1703647773584); // PostgreSQL reader's epoch ms
    expect(canonical(users, created, 1703647773584)).toBe(1703647773584); // SQLite unixepoch-ms
    expect(canonical(users, created, new Date(5))).toBe(5);
    expect(canonical(users, email, null)).toBeNull();
    expect(() => canonical(users, created, null)).toThrow(/users\.created_at: NULL/);
    expect(() => canonical(users, created, "soon")).toThrow(/cannot read string "soon" as datetime/);
  });

  it("reads booleans as SQLite (0/1) and PostgreSQL COPY (t/f) store them", () => {
    const flag = { name: "flags", key: ["on"], columns: [{ name: "on", kind: "bool", nullable: false }] } as const;
    const col = flag.columns[0];
    expect([1, 0, "t", "f", true].map((v) => canonical(flag, col, v))).toEqual([true, false, true, false, true]);
    expect(() => canonical(flag, col, 2)).toThrow(/cannot read number "2" as bool/);
  });
});

describe("checksum", () => {
  const sum = (rows: (string | number | boolean | null)[][]) => {
    const c = new Checksum();
    for (const r of rows) c.add(r);
    return c.hex;
  };

  it("does not depend on row order", () => {
    const rows = [["a", 1, null], ["b", 2, "x"], ["すずみな🎧", -1, ""]];
    expect(sum(rows)).toBe(sum([rows[2], rows[0], rows[1]]));
  });

  it("tells apart values that print alike", () => {
    expect(sum([["a", "b"]])).not.toBe(sum([["ab", ""]]));
    expect(sum([[null]])).not.toBe(sum([[""]]));
    expect(sum([["1"]])).not.toBe(sum([[1]]));
    expect(sum([["\\N"]])).not.toBe(sum([[null]])); // the text \N is not NULL
    expect(sum([["a\tb"]])).not.toBe(sum([["a", "b"]])); // a tab inside text is not a column break
    expect(sum([[true]])).not.toBe(sum([[1]]));
    expect(sum([[1703647773584]])).not.toBe(sum([[1703647773585]]));
    expect(sum([["x"], ["x"]])).not.toBe(sum([])); // duplicates don't cancel
  });
});

describe("COPY text fields", () => {
  it("round-trips backslashes, tabs, newlines and the literal \\N", () => {
    for (const s of ["plain", "tab\there", "a\nb\r\nc", "back\\slash", "\\N", "日本語 🎧", ""]) {
      const enc = encodeField(s);
      expect(enc).not.toMatch(/[\t\n\r]/);
      expect(decodeField(enc)).toBe(s);
    }
    expect(decodeField("\\N")).toBeNull();
  });
});
