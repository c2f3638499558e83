import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, YAMLParseError } from "yaml";
import { isPlainObject } from "./secret";

/** A stack's configuration as the Pulumi CLI would hand it to the program. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  /** Fully-qualified key → value: scalars as text, maps and lists as JSON. */
  readonly config: Record<string, string>;
  /** Keys that hold `secure:` values; their values are stand-ins naming the key. */
  readonly secretKeys: string[];
}

export class StackFileError extends Error {
  override name = "StackFileError";
}

/** Stacks that have a `Pulumi.<stack>.yaml` in the project directory. */
export function stackNames(projectDir: string): string[] {
  return readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/** Merges the project's config defaults (Pulumi.yaml) with `Pulumi.<stack>.yaml`. */
export function readStackConfig(projectDir: string, stack: string): StackConfig {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    throw new StackFileError(`no stack file ${file}; stacks here: ${stackNames(projectDir).join(", ") || "none"}`);
  }
  const project = readYaml(join(projectDir, "Pulumi.yaml"));
  const projectName = String(project.name ?? "");
  const defaults = projectDefaults(projectName, project.config);
  const values = stackValues(readYaml(file).config, file);
  return {
    project: projectName,
    stack,
    config: { ...defaults, ...values.config },
    secretKeys: values.secretKeys,
  };
}

/** The `config:` block of a stack file (or a test fixture written like one). */
export function stackValues(block: unknown, file: string): Pick<StackConfig, "config" | "secretKeys"> {
  if (block === undefined || block === null) return { config: {}, secretKeys: [] };
  if (!isPlainObject(block)) throw new StackFileError(`${file}: \`config:\` must be a map of keys to values`);
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(block)) {
    if (!key.includes(":")) throw new StackFileError(`${file}: config key "${key}" needs its namespace, e.g. homelab:${key}`);
    const { text, secret } = configText(key, value);
    config[key] = text;
    if (secret) secretKeys.push(key);
  }
  return { config, secretKeys };
}

/** Pulumi passes scalars as text and structured values as JSON; `secure:` becomes a stand-in. */
function configText(key: string, value: unknown): { text: string; secret: boolean } {
  let secret = false;
  const replaceSecure = (v: unknown): unknown => {
    if (isPlainObject(v) && Object.keys(v).length === 1 && typeof v.secure === "string") {
      secret = true;
      return `<secure ${key}>`;
    }
    if (Array.isArray(v)) return v.map(replaceSecure);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceSecure(x)]));
    return v;
  };
  const replaced = replaceSecure(value);
  const text = typeof replaced === "string" ? replaced : isStructured(replaced) ? JSON.stringify(replaced) : String(replaced);
  return { text, secret };
}

function isStructured(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

/** `config:` in Pulumi.yaml: `{ default: … }` or a bare value; project keys without a prefix. */
function projectDefaults(project: string, block: unknown): Record<string, string> {
  if (!isPlainObject(block)) return {};
  const defaults: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(block)) {
    const value = isPlainObject(declaration) ? declaration.default : declaration;
    if (value === undefined) continue;
    defaults[key.includes(":") ? key : `${project}:${key}`] = configText(key, value).text;
  }
  return defaults;
}

function readYaml(file: string): Record<string, unknown> {
  const document = parseYaml(file);
  if (!isPlainObject(document)) throw new StackFileError(`${file}: expected a YAML map`);
  return document;
}

/** A syntax error names the file, line and column, as editors and compilers do, instead of a stack trace. */
function parseYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, "utf8"));
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const [start] = error.linePos ?? [];
    const where = start ? `${file}:${start.line}:${start.col}` : file;
    const reason = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new StackFileError(`${where}: ${reason}`);
  }
}
