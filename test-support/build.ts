// The one way tests, the e2e run and the benchmarks make a production build: `remix build` with
// NODE_ENV=production into a folder of their own (SUZUMINA_BUILD_DIR), so ./build is left alone and
// parallel runs don't clash. A fresh checkout has no generated Prisma clients yet: they are made first.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PROVIDERS } from "~/db/provider";
import { ROOT } from "./launch-server";

const run = promisify(execFile);

export async function productionBuild(dir: string): Promise<string> {
  if (!PROVIDERS.every((p) => existsSync(path.join(ROOT, "app/db/generated", p)))) {
    await run("npm", ["run", "db:generate"], { cwd: ROOT });
  }
  await run(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", SUZUMINA_BUILD_DIR: dir },
  });
  return dir;
}
