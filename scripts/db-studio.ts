/**
 * npm run db:studio [-- prisma studio options]
 *
 * Prisma Studio on the database of DATABASE_URL (default: the dev database). Studio accepts SQLite only
 * as an absolute file:/// URL, so a relative `file:./data/dev.db` is resolved from the project root first.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_DEV_DATABASE_URL, providerOf, sqlitePath } from "../app/db/provider";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The URL Studio takes for a DATABASE_URL. */
export function studioUrl(url: string, root = ROOT): string {
  return providerOf(url) === "sqlite" ? pathToFileURL(path.resolve(root, sqlitePath(url))).href : url;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = studioUrl(process.env.DATABASE_URL ?? DEFAULT_DEV_DATABASE_URL);
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "studio", ...process.argv.slice(2)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "inherit",
  });
  child.on("close", (code) => (process.exitCode = code ?? 1));
}
