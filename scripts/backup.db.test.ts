// `npm run db:backup` copies a SQLite database that is being written to at that very moment, and the copy
// opens, passes integrity_check, and holds exactly the rows committed up to one instant.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { sqlitePath } from "~/db/provider";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "suzumina-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function backup(url: string, file: string) {
  return run("npm", ["run", "-s", "db:backup", "--", file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
}

describeEachEngine(
  "db:backup",
  (t) => {
    it("makes a consistent copy under concurrent write load", async () => {
      const src = new Database(sqlitePath(t().url));
      src.pragma("journal_mode = WAL");
      src.pragma("busy_timeout = 5000");
      const insert = src.prepare(
        "INSERT INTO users (id, display_name, avatar_url, role, created_at, updated_at) VALUES (?, ?, ?, 'member', ?, ?)",
      );
      const pad = "x".repeat(2000);
      let n = 0;
      const write = () => {
        const now = Date.now();
        insert.run(`u${String(n).padStart(7, "0")}`, `w${n}`, `/a/${pad}`, now, now);
        n++;
      };
      // ~40 MB first, so the copy takes long enough for writes to land while it runs
      src.transaction(() => {
        for (let i = 0; i < 20_000; i++) write();
      })();
      const before = n;

      const file = path.join(dir, "copy.db");
      let finished = false;
      const job = backup(t().url, file).finally(() => (finished = true));
      let writesDuring = 0;
      while (!finished) {
        write(); // one committed row per iteration, from another process than the backup's
        writesDuring++;
        await new Promise((r) => setImmediate(r));
      }
      const { stdout } = await job;
      expect(stdout).toMatch(/integrity ok/);
      const after = n;
      src.close();
      expect(writesDuring).toBeGreaterThan(10);

      const copy = new Database(file, { readonly: true });
      try {
        expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
        const rows = copy.prepare("SELECT id FROM users ORDER BY id").pluck().all() as string[];
        expect(rows.length).toBeGreaterThan(before); // rows written while the backup ran are in it
        expect(rows.length).toBeLessThanOrEqual(after);
        // a snapshot: exactly the first k committed rows, no gaps, nothing half-written
        expect(rows.every((id, i) => id === `u${String(i).padStart(7, "0")}`)).toBe(true);
        const migrations = copy.prepare("SELECT count(*) FROM _prisma_migrations").pluck().get() as number;
        expect(migrations).toBeGreaterThan(0);
      } finally {
        copy.close();
      }
    }, 60_000);

    it("refuses to overwrite an existing file unless --force, and names what is wrong", async () => {
      const file = path.join(dir, "exists.db");
      await backup(t().url, file);
      await expect(backup(t().url, file)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("exists (add --force") });
      await expect(backup(t().url, path.join(dir, "no/such/folder.db"))).rejects.toMatchObject({ stderr: expect.stringContaining("does not exist") });
    });
  },
  ["sqlite"],
);

describeEachEngine(
  "db:backup on PostgreSQL",
  (t) => {
    it("points to Cloud SQL backups / pg_dump instead of copying", async () => {
      await expect(backup(t().url, path.join(dir, "pg.db"))).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining("pg_dump"),
      });
    });
  },
  ["postgresql"],
);
