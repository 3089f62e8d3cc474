/**
 * Last step of `npm run build`: bundles every operator script — each npm script written
 * `node scripts/operator.js <name>` — from scripts/<name>.ts into build/scripts/<name>.js, so the
 * production images run them with plain node (they have neither tsx nor the TypeScript sources).
 * The app's own modules (relative and `~/…` imports) are bundled in; packages stay imports, loaded from
 * the image's node_modules. Adding an operator script is one line in package.json.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
const LAUNCH = /^node scripts\/operator\.js ([\w-]+)(?:\s|$)/;

/** The operator scripts package.json runs through scripts/operator.js, by npm script name. */
export function operatorScripts(scripts: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [npmName, command] of Object.entries(scripts)) {
    const m = LAUNCH.exec(command);
    if (m) out[npmName] = m[1]!;
  }
  return out;
}

// esbuild resolves tsconfig `paths` by itself, but the esbuild Remix installs (0.17) applies
// `packages: "external"` first and would leave `~/…` as a package import.
const appAlias: Plugin = {
  name: "tsconfig-app-alias",
  setup(b) {
    b.onResolve({ filter: /^~\// }, (args) => b.resolve(`./${args.path.slice(2)}`, { resolveDir: path.join(ROOT, "app"), kind: args.kind }));
  },
};

export async function compileOperatorScripts(outDir = path.resolve(ROOT, process.env.SUZUMINA_BUILD_DIR || "build", "scripts")): Promise<string[]> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const names = [...new Set(Object.values(operatorScripts(pkg.scripts)))];
  await build({
    entryPoints: names.map((n) => path.join(ROOT, "scripts", `${n}.ts`)),
    outdir: outDir,
    bundle: true,
    packages: "external",
    plugins: [appAlias],
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  return names;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = await compileOperatorScripts();
  console.log(`operator scripts compiled to ${path.join(process.env.SUZUMINA_BUILD_DIR || "build", "scripts")}/: ${names.join(", ")}`);
}
