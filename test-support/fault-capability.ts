// What the SQLite storage-fault tests need from the machine: making a file immutable (chattr +i,
// CAP_LINUX_IMMUTABLE) and mounting a small tmpfs (CAP_SYS_ADMIN) — root in a capable container. Probed
// by trying, since being root is not enough in most containers; the tests and the skip policy
// (test-support/skips.ts) both ask here.
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function tryRun(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let probed: { immutable: boolean; tmpfs: boolean } | undefined;

/** Whether this machine lets us make files immutable / mount a tmpfs (root in a capable container). */
export function faultCapability(): { immutable: boolean; tmpfs: boolean } {
  if (probed) return probed;
  const dir = mkdtempSync(path.join(tmpdir(), "suzumina-cap-"));
  const file = path.join(dir, "probe");
  closeSync(openSync(file, "w"));
  const immutable = tryRun("chattr", ["+i", file]) && tryRun("chattr", ["-i", file]);
  const mnt = path.join(dir, "mnt");
  mkdirSync(mnt);
  const tmpfs = tryRun("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt]) && tryRun("umount", [mnt]);
  rmSync(dir, { recursive: true, force: true });
  return (probed = { immutable, tmpfs });
}
