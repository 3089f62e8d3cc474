// A throwaway PostgreSQL server with TLS on, for testing sslmode handling against a real handshake:
// its own CA and a server certificate for "localhost", on a free loopback port, in a temp folder.
// Needs the PostgreSQL server binaries (Debian: postgresql-NN) and, as root, the "postgres" user.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./launch-server";

export interface TlsPostgres {
  port: number;
  caPem: string;
  stop(): Promise<void>;
}

export function findPgBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(path.join(base, v, "bin", "initdb"))) return path.join(base, v, "bin");
  return null;
}

export async function startTlsPostgres(): Promise<TlsPostgres> {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL server binaries not found");
  const dir = mkdtempSync(path.join(tmpdir(), "suz-tlspg-"));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const sh = (cmd: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" }) : execFileSync(cmd, args, { stdio: "pipe" });

  const ssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  ssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=suzumina test CA", "-keyout", "ca.key", "-out", "ca.crt"]);
  ssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"]);
  writeFileSync(path.join(dir, "san.ext"), "subjectAltName=DNS:localhost\n");
  ssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt"]);

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
    "listen_addresses = '127.0.0.1'",
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
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      execFileSync(path.join(bin, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(port)]);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
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
