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
export function parseDateTime(text: string): number | undefined {
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
export class Checksum {
  rows = 0;
  private a = 0;
  private b = 0;

  add(row: Row): void {
    const s = JSON.stringify(row);
    // cyrb53-style mixing, two independent 32-bit halves
    let h1 = 0xdeadbeef ^ s.length;
    let h2 = 0x41c6ce57 ^ s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
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
