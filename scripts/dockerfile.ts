// Reads the Dockerfile for the places that must follow it without Docker: scripts/prod-path-check.test.ts
// (the check script runs the same commands and copies the same files) and scripts/prod-trees.ts (the
// benchmarks lay out the images' files as the targets do).
import { readFileSync } from "node:fs";
import path from "node:path";

export interface Instruction {
  op: string;
  args: string;
}

export interface Copy {
  /** the stage copied from */
  from: string;
  /** paths in that stage, relative to /app */
  sources: string[];
}

export const DOCKERFILE = path.resolve(import.meta.dirname, "../Dockerfile");

/** Dockerfile instructions with continuation lines joined and comments dropped. */
export function instructions(text = readFileSync(DOCKERFILE, "utf8")): Instruction[] {
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

/** Stages by name, each with its base (FROM …) and its instructions. */
export function stages(list = instructions()): Map<string, { base: string; body: Instruction[] }> {
  const out = new Map<string, { base: string; body: Instruction[] }>();
  let current: Instruction[] | undefined;
  for (const i of list) {
    if (i.op === "FROM") {
      const [base, , name] = i.args.split(/\s+/);
      current = [];
      out.set(name!, { base: base!, body: current });
    } else current?.push(i);
  }
  return out;
}

/** What a target copies from other stages (COPY --from=…), its base stages' copies included, in order. */
export function targetCopies(target: string, list = instructions()): Copy[] {
  const all = stages(list);
  const chain: Instruction[][] = [];
  for (let s = all.get(target); s; s = all.get(s.base)) chain.unshift(s.body);
  return chain.flat().flatMap((i) => {
    const from = i.op === "COPY" ? /--from=(\S+)/.exec(i.args)?.[1] : undefined;
    if (!from) return [];
    const parts = i.args.split(/\s+/).filter((p) => !p.startsWith("--"));
    return [{ from, sources: parts.slice(0, -1).map((p) => p.replace(/^\/app\//, "")) }];
  });
}

/** Every RUN npm … command, in file order. */
export function npmCommands(list = instructions()): string[] {
  return list
    .filter((i) => i.op === "RUN")
    .flatMap((i) => i.args.split("&&").map((c) => c.trim()))
    .filter((c) => c.startsWith("npm "));
}
