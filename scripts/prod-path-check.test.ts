// The Dockerfile cannot be built here (no Docker engine); scripts/prod-path-check.sh runs its steps
// instead. These tests keep the two the same: build commands, files copied into the runtime image,
// start command, health check — and check the image's other promises (slim Node 20, non-root user, the
// Prisma CLI kept at runtime, a .dockerignore that keeps secrets and local databases out).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
const script = readFileSync(path.join(ROOT, "scripts/prod-path-check.sh"), "utf8");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(" ") };
    });
}
const docker = instructions(dockerfile);

const dockerNpmCommands = docker
  .filter((i) => i.op === "RUN")
  .flatMap((i) => i.args.split("&&").map((c) => c.trim()))
  .filter((c) => c.startsWith("npm "));
const scriptSteps = [...script.matchAll(/^step (npm .+)$/gm)].map((m) => m[1]!.trim());

function dockerRuntimeCopies(): string[] {
  return docker
    .filter((i) => i.op === "COPY" && i.args.includes("--from=build"))
    .flatMap((i) => {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith("--"));
      return parts.slice(0, -1).map((p) => p.replace(/^\/app\//, ""));
    });
}
const scriptRuntimeFiles = (/^RUNTIME_FILES=\(([^)]*)\)/m.exec(script)?.[1] ?? "").split(/\s+/).filter(Boolean);

describe("Dockerfile ↔ scripts/prod-path-check.sh", () => {
  it("run the same npm commands in the same order", () => {
    expect(dockerNpmCommands).toEqual(["npm ci --no-audit --no-fund", "npm run build", "npm prune --omit=dev --no-audit --no-fund", "npm run prune:prod"]);
    expect(scriptSteps).toEqual(dockerNpmCommands);
  });

  it("put the same files into the runtime stage", () => {
    expect(scriptRuntimeFiles.length).toBeGreaterThan(0);
    expect([...scriptRuntimeFiles].sort()).toEqual([...dockerRuntimeCopies()].sort());
  });

  it("start the server the same way: NODE_ENV=production node server.js, health on /healthz", () => {
    expect(docker.find((i) => i.op === "CMD")?.args).toBe('["node", "server.js"]');
    expect(docker.some((i) => i.op === "ENV" && i.args === "NODE_ENV=production")).toBe(true);
    expect(script).toMatch(/NODE_ENV=production PORT="\$PORT"[^\n]*\\\n(?:[^\n]*\\\n)*\s*node server\.js /);
    const hc = docker.find((i) => i.op === "HEALTHCHECK")?.args ?? "";
    expect(hc).toContain("/healthz");
    // the script runs the HEALTHCHECK command it reads from the Dockerfile, so it is exercised too
    expect(script).toContain("HEALTHCHECK_JS=");
  });

  it("migrate with the command the Cloud Run Job and Fly release_command use", () => {
    expect(script).toContain("npm run db:deploy");
    expect(pkg.scripts["db:deploy"]).toBe("prisma migrate deploy");
    // pruning dev dependencies must not remove the CLI the migration step needs
    expect(pkg.dependencies.prisma).toBeDefined();
  });

  it("copy everything prisma.config.ts imports, so db:deploy works in the runtime image", () => {
    const config = readFileSync(path.join(ROOT, "prisma.config.ts"), "utf8");
    const local = [...config.matchAll(/from\s+"(\.\/[^"]+)"/g)].map((m) => path.normalize(m[1]!) + ".ts");
    for (const f of local) expect(dockerRuntimeCopies()).toContain(f);
    const packages = [...config.matchAll(/(?:from\s+|import\s+)"([^./][^"]*)"/g)].map((m) => m[1]!.split("/")[0]!);
    for (const p of packages) expect(Object.keys(pkg.dependencies)).toContain(p);
  });

  it("copy only source paths that exist (build outputs aside)", () => {
    for (const f of dockerRuntimeCopies()) {
      if (["node_modules", "build"].includes(f)) continue;
      expect(existsSync(path.join(ROOT, f)), f).toBe(true);
    }
  });
});

describe("the image", () => {
  it("is multi-stage on slim Debian Node 20 and runs as a non-root user", () => {
    const image = /ARG NODE_IMAGE=(\S+)/.exec(dockerfile)?.[1];
    expect(image).toMatch(/^node:20-[a-z]+-slim$/);
    expect(docker.filter((i) => i.op === "FROM").map((i) => i.args)).toEqual([
      "${NODE_IMAGE} AS deps",
      "deps AS build",
      "${NODE_IMAGE} AS runtime",
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
