// Canonical values: every reader turns engine values into these, every writer takes them, and the
// checksums hash them. text → string, int → number, bool → boolean, datetime → epoch milliseconds (UTC).
import type { Column, Table } from "./tables";

export type Value = string | number | boolean | null;
export type Row = Value[];

export class DataError extends Error {
  override name = "DataError";
}

// SQLite holds whatever was written: Prisma's "2023-12-27T03:29:33.584+00:00", a "Z" form,
// CURRENT_TIMESTAMP's "2023-12-27 03:29:33" (UTC, no zone), or epoch milliseconds (timestampFormat unixepoch-ms).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch ms of an ISO-8601 / SQLite datetime text; text without a zone is UTC (as SQLite writes it). */
// Prisma's own form (and the "Z" form): the JavaScript date-time string format, which Date.parse reads exactly.
const JS_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:Z|[+-]\d\d:\d\d)$/;

export function parseDateTime(text: string): number | undefined {
  if (JS_ISO.test(text)) {
    const t = Date.parse(text);
    if (!Number.isNaN(t)) return t;
  }
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3)); // Prisma keeps milliseconds; finer digits are dropped
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d)); // setUTCFullYear keeps years 0–99 literal
  date.setUTCHours(Number(h), Number(mi), Number(s), ms);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined; // 2023-02-30 and friends
  }
  let offsetMin = 0;
  if (zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    offsetMin = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
  }
  return date.getTime() - offsetMin * 60_000;
}

/** Prisma's own SQLite storage form (adapter-better-sqlite3, timestampFormat iso8601). */
export function formatSqliteDateTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

function describe(v: unknown): string {
  if (v === null) return "NULL";
  if (Buffer.isBuffer(v)) return "a blob";
  return `${typeof v} ${JSON.stringify(String(v)).slice(0, 60)}`;
}

/** Canonical row from an engine's raw values (raw[offset + i] for column i); errors name the row's key. */
export function canonicalRow(table: Table, raw: readonly unknown[], offset = 0): Row {
  const cols = table.columns;
  const row: Row = new Array(cols.length);
  try {
    for (let i = 0; i < cols.length; i++) row[i] = canonical(table, cols[i], raw[i + offset]);
  } catch (e) {
    const key = table.key.map((k) => `${k}=${JSON.stringify(String(raw[cols.findIndex((c) => c.name === k) + offset])).slice(0, 80)}`);
    throw new DataError(`${(e as Error).message} (row ${key.join(", ")})`);
  }
  return row;
}

/** Checks/normalises one value read from an engine into the canonical form of its column. */
export function canonical(table: Table, column: Column, v: unknown): Value {
  if (v === null || v === undefined) {
    if (!column.nullable) throw new DataError(`${table.name}.${column.name}: NULL in a NOT NULL column`);
    return null;
  }
  switch (column.kind) {
    case "text":
      if (typeof v === "string") return v;
      if (typeof v === "number" || typeof v === "bigint") return String(v); // SQLite affinity can store numbers in TEXT
      break;
    case "int": {
      const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : typeof v === "bigint" ? Number(v) : v;
      if (typeof n === "number" && Number.isSafeInteger(n)) return n;
      break;
    }
    case "bool":
      if (typeof v === "boolean") return v;
      if (v === 0 || v === 1 || v === 0n || v === 1n) return Number(v) === 1;
      if (v === "t" || v === "f") return v === "t";
      break;
    case "datetime": {
      if (typeof v === "number" || typeof v === "bigint") {
        const n = Number(v);
        if (Number.isSafeInteger(n)) return n;
        break;
      }
      if (v instanceof Date && !Number.isNaN(v.getTime())) return v.getTime();
      if (typeof v === "string") {
        if (/^-?\d+$/.test(v)) return Number(v); // epoch ms (PostgreSQL reader's form; SQLite unixepoch-ms as text)
        const ms = parseDateTime(v);
        if (ms !== undefined) return ms;
      }
      break;
    }
  }
  throw new DataError(`${table.name}.${column.name}: cannot read ${describe(v)} as ${column.kind}`);
}

// Order-independent checksum of a table: the sum (per 32-bit lane, mod 2^32) of a 64-bit hash of each
// canonical row. Independent of row order, so the engines need not agree on collation; duplicates
// don't cancel out (unlike XOR). Not cryptographic: it catches conversion mistakes, not attackers.
// Values are hashed in place (no string building per row): type tags above 0xFFFF can't collide with
// UTF-16 code units, so "a","b" and "ab" or NULL and "" hash differently.
const TAG_NULL = 0x1_0001;
const TAG_TEXT_END = 0x1_0002;
const TAG_NUMBER = 0x1_0003;
const TAG_BOOL = 0x1_0004;
const M1 = 2654435761;
const M2 = 1597334677;

export class Checksum {
  rows = 0;
  private a = 0;
  private b = 0;

  add(row: Row): void {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let k = 0; k < row.length; k++) {
      const v = row[k];
      if (v === null) {
        h1 = Math.imul(h1 ^ TAG_NULL, M1);
        h2 = Math.imul(h2 ^ TAG_NULL, M2);
      } else if (typeof v === "string") {
        for (let i = 0; i < v.length; i++) {
          const c = v.charCodeAt(i);
          h1 = Math.imul(h1 ^ c, M1);
          h2 = Math.imul(h2 ^ c, M2);
        }
        h1 = Math.imul(h1 ^ TAG_TEXT_END, M1);
        h2 = Math.imul(h2 ^ TAG_TEXT_END, M2);
      } else if (typeof v === "number") {
        const lo = v >>> 0; // v mod 2^32 for any integer
        const hi = Math.floor(v / 4294967296) | 0;
        h1 = Math.imul(Math.imul(Math.imul(h1 ^ TAG_NUMBER, M1) ^ lo, M1) ^ hi, M1);
        h2 = Math.imul(Math.imul(Math.imul(h2 ^ TAG_NUMBER, M2) ^ lo, M2) ^ hi, M2);
      } else {
        h1 = Math.imul(h1 ^ (TAG_BOOL + (v ? 1 : 0)), M1);
        h2 = Math.imul(h2 ^ (TAG_BOOL + (v ? 1 : 0)), M2);
      }
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.a = (this.a + (h1 >>> 0)) >>> 0;
    this.b = (this.b + (h2 >>> 0)) >>> 0;
    this.rows++;
  }

  get hex(): string {
    return this.a.toString(16).padStart(8, "0") + this.b.toString(16).padStart(8, "0");
  }
}
