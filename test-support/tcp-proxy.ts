// A loopback TCP proxy a test controls, to put a network fault between the app and PostgreSQL:
//   const proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
//   url = proxy.rewrite(databaseUrl)   // same database, through the proxy
//   proxy.blackhole()  // partition: packets stop both ways, connections hang (no error, no RST)
//   proxy.cut()        // hard failure: every connection reset, new ones refused
//   proxy.restore()    // network back: held data flows again, new connections pass
// Loopback only; one proxy per test, closed in afterAll.
import net from "node:net";

export type ProxyMode = "forward" | "blackhole" | "cut";

export interface TcpProxy {
  port: number;
  readonly mode: ProxyMode;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** The URL with its host:port replaced by the proxy's. */
  rewrite(url: string): string;
  blackhole(): void;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

interface Conn {
  client: net.Socket;
  upstream?: net.Socket;
  /** Chunks held while blackholed, in arrival order, with their direction. */
  held: { toUpstream: boolean; chunk: Buffer }[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "forward";
  let accepted = 0;
  const conns = new Set<Conn>();

  const connectUpstream = (c: Conn) => {
    const up = net.connect(target.port, target.host);
    c.upstream = up;
    up.on("data", (chunk) => relay(c, false, chunk));
    up.on("error", () => c.client.destroy());
    up.on("close", () => c.client.destroy());
    for (const h of c.held.splice(0)) (h.toUpstream ? up : c.client).write(h.chunk);
  };

  const relay = (c: Conn, toUpstream: boolean, chunk: Buffer) => {
    if (mode === "blackhole" || c.held.length > 0 || (toUpstream && !c.upstream)) {
      c.held.push({ toUpstream, chunk });
      return;
    }
    (toUpstream ? c.upstream! : c.client).write(chunk);
  };

  const server = net.createServer((client) => {
    accepted++;
    if (mode === "cut") {
      client.resetAndDestroy();
      return;
    }
    const c: Conn = { client, held: [] };
    conns.add(c);
    client.on("data", (chunk) => relay(c, true, chunk));
    client.on("error", () => c.upstream?.destroy());
    client.on("close", () => {
      c.upstream?.destroy();
      conns.delete(c);
    });
    // While blackholed the connection is accepted but reaches nothing, like a SYN into a partition.
    if (mode === "forward") connectUpstream(c);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    rewrite(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    blackhole() {
      mode = "blackhole";
    },
    cut() {
      mode = "cut";
      for (const c of conns) {
        c.client.resetAndDestroy();
        c.upstream?.resetAndDestroy();
      }
      conns.clear();
    },
    restore() {
      mode = "forward";
      for (const c of conns) {
        if (!c.upstream) connectUpstream(c);
        else for (const h of c.held.splice(0)) (h.toUpstream ? c.upstream : c.client).write(h.chunk);
      }
    },
    close() {
      for (const c of conns) {
        c.client.destroy();
        c.upstream?.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
