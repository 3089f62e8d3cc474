// MIGRATE_ON_START=1 migrates an empty database before the server listens (single-instance setups).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { ENGINES } from "~test/engines";
import { createDatabaseFromTemplate, dropDatabase, uniqueName } from "~test/pg-admin";
import { startServer } from "~test/server";

async function emptyDatabase(provider: (typeof ENGINES)[number]) {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "suzumina-mos-"));
    return { url: `file:${path.join(dir, "empty.db")}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = inject("pgAdminUrl");
  const name = uniqueName(inject("runId").replace(/^suz_/, "") + "_mos");
  return { url: await createDatabaseFromTemplate(admin, name), dispose: () => dropDatabase(admin, name) };
}

for (const provider of ENGINES) {
  it(`MIGRATE_ON_START=1 applies the migrations before listening [${provider}]`, async () => {
    const fresh = await emptyDatabase(provider);
    try {
      const server = await startServer({ DATABASE_URL: fresh.url, MIGRATE_ON_START: "1" }, { timeoutMs: 60_000 });
      try {
        const logs = server.logs();
        expect(logs).toContain("MIGRATE_ON_START: prisma migrate deploy");
        expect(logs.indexOf('"msg":"migrations applied"')).toBeGreaterThan(-1);
        expect(logs.indexOf('"msg":"migrations applied"')).toBeLessThan(logs.indexOf('"msg":"listening'));
        const page = await fetch(server.url + "/");
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/メンバー (<!-- -->)?0/);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      await fresh.dispose();
    }
  }, 90_000);
}
