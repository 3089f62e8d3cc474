// The production (and development) HTTP server: Express with Remix's request handler, the same stack
// @remix-run/serve uses (compression, static assets with long cache, Remix handler), plus what
// remix-serve cannot give: structured request logs, start-up validation, graceful shutdown.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";

const MODE = process.env.NODE_ENV ?? "production";
process.env.NODE_ENV = MODE;
const BUILD_PATH = path.resolve(process.env.SUZUMINA_BUILD_DIR || "build", "server/index.js");

const build = await import(pathToFileURL(BUILD_PATH).href);
const app = build.entry.module;

try {
  await app.startup();
} catch (error) {
  if (error?.name === "EnvError") {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const server = express();
server.disable("x-powered-by");
server.use(compression());
server.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
server.use(express.static("public", { maxAge: "1h" }));
server.all("*", createRequestHandler({ build, mode: MODE }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const listener = server.listen(port, host, () => {
  app.logger.info({ port, host, mode: MODE }, `listening on http://localhost:${port}`);
  if (MODE === "development") broadcastDevReady(build);
});

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "shutting down");
    // Stop accepting, let in-flight requests finish, then close the database pool.
    listener.close(async () => {
      await app.shutdown();
      process.exit(0);
    });
    listener.closeIdleConnections?.();
    setTimeout(() => process.exit(1), 9_000).unref();
  });
}
