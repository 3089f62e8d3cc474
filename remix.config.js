// SUZUMINA_BUILD_DIR lets tests build into a folder of their own instead of ./build.
const out = process.env.SUZUMINA_BUILD_DIR || "build";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // *.server.ts beside a route holds its loader/action (server-only code), not a route of its own
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.server.ts"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: `${out}/server/index.js`,
  assetsBuildDirectory: `${out}/client`,
  publicPath: "/build/",
  // ESM-only dependencies that must be bundled for the server build
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
