// infra/terraform as data, for tests: parsed by HashiCorp's own HCL parser (@cdktf/hcl2json, the Go hcl
// library compiled to WebAssembly, so it runs offline and without providers, unlike `terraform validate`).
// On top of it, the little of Terraform's expression language the tests need: ${local.x} and ${var.x}
// inside strings, and the arguments of a templatefile() call. Other references (resource attributes,
// function calls) become UNKNOWN: the tests check wiring and names, not values only Google Cloud knows.
import { convertFiles } from "@cdktf/hcl2json";
import { readFileSync } from "node:fs";
import path from "node:path";

export const TF_DIR = path.resolve(import.meta.dirname, "../infra/terraform");
export const UNKNOWN = "UNKNOWN";

/** hcl2json's shape: every block is a list (repeatable), attributes are JSON values or "${expr}" strings. */
interface Parsed {
  resource: Record<string, Record<string, Record<string, unknown>[]>>;
  locals: Record<string, unknown>[];
  variable: Record<string, { default?: unknown }[]>;
}

const INTERPOLATION = /\$\{([^{}]*)\}/g;
const HAS_INTERPOLATION = /\$\{[^{}]*\}/; // no g flag: test() on a global regex keeps state

export class TerraformConfig {
  /** Every locals block merged, as Terraform does. */
  readonly locals: Record<string, unknown>;

  private constructor(
    private readonly parsed: Parsed,
    readonly dir: string,
  ) {
    this.locals = Object.assign({}, ...parsed.locals);
  }

  static async load(dir = TF_DIR): Promise<TerraformConfig> {
    return new TerraformConfig((await convertFiles(dir)) as Parsed, dir);
  }

  /** The block of `resource "type" "name"`, typed by the caller to the attributes it reads. */
  resource<T>(type: string, name: string): T {
    const block = this.parsed.resource[type]?.[name]?.[0];
    if (!block) throw new Error(`infra/terraform has no resource ${type}.${name}`);
    return block as T;
  }

  resourceNames(type: string): string[] {
    return Object.keys(this.parsed.resource[type] ?? {});
  }

  /** A string with its ${local.x} / ${var.x} interpolations replaced, repeatedly (locals refer to locals). */
  resolve(value: unknown): string {
    let s = String(value);
    for (let depth = 0; depth < 10 && HAS_INTERPOLATION.test(s); depth++) {
      s = s.replace(INTERPOLATION, (_, expr: string) => this.evaluate(expr.trim()));
    }
    return s;
  }

  /** A bare expression: local.x, var.x (its default), a quoted string or a number; else UNKNOWN. */
  evaluate(expr: string): string {
    const local = /^local\.(\w+)$/.exec(expr)?.[1];
    if (local !== undefined) {
      if (!(local in this.locals)) throw new Error(`infra/terraform has no local.${local}`);
      return this.resolve(this.locals[local]);
    }
    const variable = /^var\.(\w+)$/.exec(expr)?.[1];
    if (variable !== undefined) {
      const block = this.parsed.variable[variable]?.[0];
      if (!block) throw new Error(`infra/terraform has no var.${variable}`);
      return block.default === undefined ? UNKNOWN : String(block.default);
    }
    if (/^"[^"]*"$/.test(expr)) return this.resolve(expr.slice(1, -1));
    if (/^-?\d+(\.\d+)?$/.test(expr)) return expr;
    return UNKNOWN;
  }

  /**
   * `${templatefile("${path.module}/FILE", { key = expr … })}` → FILE rendered with those arguments.
   * Throws, as Terraform would at plan time, when the template uses a name the call does not pass.
   */
  renderTemplate(expression: string): { file: string; args: Record<string, string>; text: string } {
    const call = /^\$\{templatefile\("\$\{path\.module\}\/([^"]+)",\s*\{([\s\S]*)\}\)\}$/.exec(expression);
    if (!call) throw new Error(`not a templatefile("\${path.module}/…", {…}) call: ${expression}`);
    const [, file, body] = call as unknown as [string, string, string];
    const args = Object.fromEntries(
      body
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const eq = line.indexOf("=");
          return [line.slice(0, eq).trim(), this.evaluate(line.slice(eq + 1).trim())];
        }),
    );
    const missing = new Set<string>();
    const text = readFileSync(path.join(this.dir, file), "utf8").replace(/\$\{(\w+)\}/g, (_, name: string) => {
      if (name in args) return args[name]!;
      missing.add(name);
      return "";
    });
    if (missing.size > 0) throw new Error(`${file} uses ${[...missing].join(", ")}, which the templatefile() call does not pass`);
    return { file, args, text };
  }
}
