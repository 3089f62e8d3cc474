// The test certificate authority: the mock Google is served over HTTPS with a certificate this CA signs,
// and the app's servers trust the CA through NODE_EXTRA_CA_CERTS — exactly how production reaches Google
// (TLS, verified), with no switch in the app. Made once per checkout under .cache/test-tls (EC P-256,
// valid a year), shared by every test process, the e2e run, the benchmarks and the rehearsal.
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { generate } from "selfsigned";
import { ROOT } from "./launch-server";

export interface TestTls {
  /** PEM of the CA (what NODE_EXTRA_CA_CERTS points at) */
  ca: string;
  caFile: string;
  /** the server certificate (127.0.0.1 and localhost) and its key, PEM */
  cert: string;
  key: string;
}

const DIR = path.join(ROOT, ".cache/test-tls");
const FILES = { ca: "ca.pem", cert: "server.pem", key: "server-key.pem" } as const;
const DAY = 86_400_000;

function load(): TestTls | undefined {
  if (!Object.values(FILES).every((f) => existsSync(path.join(DIR, f)))) return undefined;
  const read = (f: string) => readFileSync(path.join(DIR, f), "utf8");
  const tls = { ca: read(FILES.ca), caFile: path.join(DIR, FILES.ca), cert: read(FILES.cert), key: read(FILES.key) };
  // renewed a month before it runs out
  return Date.parse(new X509Certificate(tls.cert).validTo) - Date.now() > 30 * DAY ? tls : undefined;
}

let cached: Promise<TestTls> | undefined;

/** The CA and server certificate, made on first use and reused afterwards. */
export function testTls(): Promise<TestTls> {
  return (cached ??= (async () => {
    const existing = load();
    if (existing) return existing;
    mkdirSync(DIR, { recursive: true });
    const notBeforeDate = new Date(Date.now() - DAY);
    const notAfterDate = new Date(Date.now() + 365 * DAY);
    const ca = await generate([{ name: "commonName", value: "suzumina-web test CA" }], {
      algorithm: "sha256",
      keyType: "ec",
      curve: "P-256",
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    const server = await generate([{ name: "commonName", value: "127.0.0.1" }], {
      algorithm: "sha256",
      keyType: "ec",
      curve: "P-256",
      notBeforeDate,
      notAfterDate,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
      ],
    });
    // written under temporary names, then renamed: parallel test processes never read half a file
    const write = (file: string, text: string) => {
      const tmp = path.join(DIR, `${file}.${process.pid}.tmp`);
      writeFileSync(tmp, text);
      renameSync(tmp, path.join(DIR, file));
    };
    write(FILES.key, server.private);
    write(FILES.cert, server.cert);
    write(FILES.ca, ca.cert);
    return { ca: ca.cert, caFile: path.join(DIR, FILES.ca), cert: server.cert, key: server.private };
  })());
}

/** GET (or POST) over HTTPS trusting the test CA, for test clients that talk to the mock provider. */
export async function providerFetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; location: string | null; text: string }> {
  const { ca } = await testTls();
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? "GET", headers: init.headers, ca }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, location: (res.headers.location as string | undefined) ?? null, text }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}
