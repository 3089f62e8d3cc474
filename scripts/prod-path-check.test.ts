// The Dockerfile cannot be built here (no Docker engine); scripts/prod-path-check.sh runs its steps
// instead. These tests keep the two the same: build commands, files copied into each target, start
// command, health check — and check the images' other promises (slim Node 20, non-root user, the Prisma
// CLI only in the migrate target, operator commands that need no dev dependency, a .dockerignore that
// keeps secrets and local databases out).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { operatorScripts } from "./compile-scripts";
import { instructions, npmCommands, targetCopies } from "./dockerfile";

const ROOT = path.resolve(import.meta.dirname, "..");
const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
const script = readFileSync(path.join(ROOT, "scripts/prod-path-check.sh"), "utf8");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const docker = instructions(dockerfile);
const scriptSteps = [...script.matchAll(/^step (npm .+)$/gm)].map((m) => m[1]!.trim());
const scriptList = (name: string) => (new RegExp(`^${name}=\\(([^)]*)\\)`, "m").exec(script)?.[1] ?? "").split(/\s+/).filter(Boolean);
const sorted = (xs: string[]) => [...xs].sort();
/** Sources a target copies from one stage (its base stages' copies included). */
const copies = (target: string, from: string) => targetCopies(target, docker).filter((c) => c.from === from).flatMap((c) => c.sources);
const appCopies = copies("app", "build");

describe("Dockerfile ↔ scripts/prod-path-check.sh", () => {
  it("run the same npm commands in the same order", () => {
    expect(npmCommands(docker)).toEqual([
      "npm ci --no-audit --no-fund",
      "npm run build",
      "npm prune --omit=dev --no-audit --no-fund",
      "npm run prune:prod",
      "npm run prune:runtime",
    ]);
    expect(scriptSteps).toEqual(npmCommands(docker));
  });

  it("put the same files into each target", () => {
    expect(scriptList("APP_FILES").length).toBeGreaterThan(0);
    expect(sorted(scriptList("APP_FILES"))).toEqual(sorted(appCopies));
    expect(sorted([...scriptList("APP_FILES"), ...scriptList("MIGRATE_FILES")])).toEqual(sorted(copies("migrate", "build")));
    expect(copies("runtime", "build")).toEqual(appCopies);
    expect(sorted(scriptList("RUNTIME_FILES"))).toEqual(sorted(copies("runtime", "runtime-deps")));
    expect(scriptList("RUNTIME_FILES")).toEqual(["node_modules"]);
  });

  it("take the migrate tree before prune:runtime and the runtime tree after it, as the stages do", () => {
    const at = (needle: string) => script.indexOf(needle);
    expect(at('assemble migrate "${APP_FILES[@]}" "${MIGRATE_FILES[@]}"')).toBeGreaterThan(at("step npm run prune:prod"));
    expect(at("step npm run prune:runtime")).toBeGreaterThan(at("assemble migrate"));
    expect(at('assemble runtime "${APP_FILES[@]}" "${RUNTIME_FILES[@]}"')).toBeGreaterThan(at("step npm run prune:runtime"));
    expect(docker.find((i) => i.op === "FROM" && i.args === "build AS runtime-deps")).toBeDefined();
  });

  it("start the server the same way: NODE_ENV=production node server.js from the runtime tree, health on /healthz", () => {
    expect(docker.filter((i) => i.op === "CMD").map((i) => i.args)).toEqual(['["node", "server.js"]', '["npm", "run", "db:deploy"]']);
    expect(docker.some((i) => i.op === "ENV" && i.args === "NODE_ENV=production")).toBe(true);
    expect(script).toMatch(/^SERVE_ENV=\(NODE_ENV=production PORT="\$PORT" /m);
    expect(script).toMatch(/cd "\$WORK\/runtime"\n[\s\S]*env "\$\{SERVE_ENV\[@\]\}" node server\.js >/);
    const hc = docker.find((i) => i.op === "HEALTHCHECK")?.args ?? "";
    expect(hc).toContain("/healthz");
    // the script runs the HEALTHCHECK command it reads from the Dockerfile, so it is exercised too
    expect(script).toContain("HEALTHCHECK_JS=");
  });

  it("migrate from the migrate tree with the command the Cloud Run Job and Fly release_command use", () => {
    expect(script).toContain('(cd "$WORK/migrate" && NODE_ENV=production npm run db:deploy)');
    expect(pkg.scripts["db:deploy"]).toBe("prisma migrate deploy");
    // pruning dev dependencies must not remove the CLI the migration step needs
    expect(pkg.dependencies.prisma).toBeDefined();
    expect(pkg.scripts["prune:runtime"]).toBe("bash scripts/prune-runtime.sh");
  });

  it("copy everything prisma.config.ts imports into the migrate target, so db:deploy works there", () => {
    const config = readFileSync(path.join(ROOT, "prisma.config.ts"), "utf8");
    const local = [...config.matchAll(/from\s+"(\.\/[^"]+)"/g)].map((m) => path.normalize(m[1]!) + ".ts");
    for (const f of local) expect(copies("migrate", "build")).toContain(f);
    const packages = [...config.matchAll(/(?:from\s+|import\s+)"([^./][^"]*)"/g)].map((m) => m[1]!.split("/")[0]!);
    for (const p of packages) expect(Object.keys(pkg.dependencies)).toContain(p);
  });

  it("copy only source paths that exist (build outputs aside)", () => {
    for (const f of copies("migrate", "build")) {
      if (["node_modules", "build"].includes(f)) continue;
      expect(existsSync(path.join(ROOT, f)), f).toBe(true);
    }
  });
});

describe("operator commands in production", () => {
  const operators = operatorScripts(pkg.scripts);

  it("run through scripts/operator.js, compiled by npm run build — none through tsx, a dev dependency", () => {
    expect(Object.keys(operators)).toEqual(expect.arrayContaining(["db:backup", "db:purge-sessions", "db:transfer"]));
    for (const name of Object.values(operators)) expect(existsSync(path.join(ROOT, "scripts", `${name}.ts`)), name).toBe(true);
    expect(pkg.scripts.build).toMatch(/remix build && tsx scripts\/compile-scripts\.ts$/);
    expect(pkg.devDependencies.tsx).toBeDefined();
    // every npm script the deploy docs tell operators to run in an image is one of them or the CLI's db:deploy
    const docs = ["docs/deploy-cloud-run.md", "fly-alt.md", "docs/migrating-to-postgresql.md"].map((f) => readFileSync(path.join(ROOT, f), "utf8")).join("\n");
    const told = new Set([...docs.matchAll(/npm run (db:[\w-]+)/g)].map((m) => m[1]!));
    for (const name of told) expect(name in operators || /^prisma /.test(pkg.scripts[name] ?? ""), name).toBe(true);
  });

  it("ship the launcher and the compiled scripts in both targets", () => {
    expect(appCopies).toEqual(expect.arrayContaining(["build", "scripts/operator.js", "package.json"]));
  });

  it("are run for real from the pruned trees by npm run test:prod", () => {
    const trees = readFileSync(path.join(ROOT, "scripts/prod-trees.ts"), "utf8");
    for (const name of ["db:purge-sessions", "db:backup", "db:transfer"]) expect(trees).toContain(`"${name}"`);
    expect(script).toContain('node --import tsx scripts/prod-trees.ts "$WORK/migrate" "$WORK/runtime"');
  });
});

describe("the image", () => {
  it("is multi-stage on slim Debian Node 20, runtime by default, and runs as a non-root user", () => {
    const image = /ARG NODE_IMAGE=(\S+)/.exec(dockerfile)?.[1];
    expect(image).toMatch(/^node:20-[a-z]+-slim$/);
    expect(docker.filter((i) => i.op === "FROM").map((i) => i.args)).toEqual([
      "${NODE_IMAGE} AS deps",
      "deps AS build",
      "build AS runtime-deps",
      "${NODE_IMAGE} AS app",
      "app AS migrate",
      // last, so a plain `docker build .` gives the runtime image
      "app AS runtime",
    ]);
    const users = docker.filter((i) => i.op === "USER").map((i) => i.args);
    expect(users.at(-1)).toBe("node");
    expect(docker.some((i) => i.op === "ENV" && /^PORT=\d+$/.test(i.args))).toBe(true);
  });

  it("has a .dockerignore that keeps dependencies, builds, databases and secrets out", () => {
    const ignore = readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    for (const p of ["node_modules", ".git", "build", ".env", "data", "*.db", "app/db/generated"]) expect(ignore).toContain(p);
  });

  it("is checked by npm run test:prod", () => {
    expect(pkg.scripts["test:prod"]).toBe("bash scripts/prod-path-check.sh");
  });
});
