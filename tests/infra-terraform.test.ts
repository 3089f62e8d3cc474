// infra/terraform is formatted as `terraform fmt` would, and wires the app the way the app expects:
// the migration job runs `npm run db:deploy` from the migrate image, probes hit /healthz, DATABASE_URL
// uses the Cloud SQL socket, and every environment variable Cloud Run sets is one app/env.server.ts knows.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIR = path.join(ROOT, "infra/terraform");
const tf = readdirSync(DIR)
  .filter((f) => f.endsWith(".tf"))
  .map((f) => readFileSync(path.join(DIR, f), "utf8"))
  .join("\n");
const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;

describe("infra/terraform", () => {
  it.skipIf(!hasTerraform)("is formatted (terraform fmt -check -recursive)", () => {
    // throws with the unformatted files' names on a non-zero exit
    execFileSync("terraform", ["fmt", "-check", "-recursive", DIR], { stdio: "pipe", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
  });

  it("runs migrations as a Cloud Run job with the app's db:deploy script, from the migrate image", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["db:deploy"]).toBeDefined();
    expect(tf).toMatch(/resource "google_cloud_run_v2_job" "migrate"[\s\S]*image\s*=\s*var\.migrate_image\s*command\s*=\s*\["npm"\][\s\S]*args\s*=\s*\["run", "db:deploy"\]/);
    // the service runs the runtime image, which has no Prisma CLI
    expect(tf).toMatch(/resource "google_cloud_run_v2_service" "web"[\s\S]*containers\s*{\s*name\s*=\s*"app"\s*image\s*=\s*var\.image\n/);
  });

  it("probes /healthz, connects through /cloudsql, keeps Cloud SQL private with PITR", () => {
    expect(tf).toMatch(/startup_probe\s*{\s*http_get\s*{\s*path\s*=\s*"\/healthz"/);
    expect(tf).toContain("?host=/cloudsql/${google_sql_database_instance.main.connection_name}");
    expect(tf).toMatch(/ipv4_enabled\s*=\s*false/);
    expect(tf).toMatch(/ssl_mode\s*=\s*"ENCRYPTED_ONLY"/);
    expect(tf).toMatch(/point_in_time_recovery_enabled\s*=\s*true/);
  });

  it("sets only environment variables the app validates", () => {
    const envFile = readFileSync(path.join(ROOT, "app/env.server.ts"), "utf8");
    const names = [...tf.matchAll(/env\s*{\s*name\s*=\s*"([A-Z_]+)"/g)].map((m) => m[1]!);
    expect(names).toContain("DATABASE_URL");
    for (const n of new Set(names)) expect(envFile, n).toMatch(new RegExp(`\\b${n}\\b`));
  });
});
