// `node scripts/operator.js <name> [args…]` — how package.json runs the operator commands (db:backup,
// db:purge-sessions, db:transfer …). Where scripts/<name>.ts and tsx are both present (a development
// checkout) it runs the source, so edits count at once; elsewhere (the production images: no tsx, no
// TypeScript sources) it runs build/scripts/<name>.js, which `npm run build` compiles from that source
// (scripts/compile-scripts.ts). Plain JavaScript, because production has no tsx to run anything else.
// The script runs in this process with process.argv as if it had been started directly, so its
// arguments, signal handling and exit code are its own.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const name = process.argv[2] ?? "";
if (!/^[\w-]+$/.test(name)) {
  console.error("usage: node scripts/operator.js <script name> [arguments]");
  process.exit(64);
}
const source = path.join(root, "scripts", `${name}.ts`);
const compiled = path.resolve(root, process.env.SUZUMINA_BUILD_DIR || "build", "scripts", `${name}.js`);

let file = compiled;
if (existsSync(source) && canResolve("tsx")) {
  await import("tsx"); // what `node --import tsx` does: TypeScript and the tsconfig `~/` alias from here on
  file = source;
} else if (!existsSync(compiled)) {
  console.error(`${name}: ${path.relative(process.cwd(), compiled)} is missing (\`npm run build\` compiles it from scripts/${name}.ts)`);
  process.exit(1);
}
process.argv.splice(1, 2, file);
await import(pathToFileURL(file).href);

function canResolve(specifier) {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}
