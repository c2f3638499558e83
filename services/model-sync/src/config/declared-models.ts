import * as z from "zod";
import { ConfigError } from "./config-error.ts";
import type { CustomModel, DeclaredModel } from "./declared-model.ts";
import { showValue } from "./show-value.ts";
import { modelKey } from "../models/model-name.ts";

const VARIABLE = "MODELS";
const KEYS = ["name", "numCtx", "keepAlive", "from", "system", "parameters"] as const;

type Issue = { readonly input?: unknown };

const modelNameError = (issue: Issue) => `expected an Ollama model name such as qwen3:8b; got ${showValue(issue.input)}`;
const contextTokens = (issue: Issue) => `expected a whole number of tokens, at least 512; got ${showValue(issue.input)}`;
const duration = (issue: Issue) => `expected a duration such as 5m, 1h or -1; got ${showValue(issue.input)}`;

const modelName = z.string({ error: modelNameError }).regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?$/, { error: modelNameError });

/** The same rules as the stack's `homelab:models`: the Job re-checks what it is handed. */
const modelSchema = z.strictObject(
  {
    name: modelName,
    // Validated so the list stays the stack's own, then dropped: these are request options.
    numCtx: z.number({ error: contextTokens }).int({ error: contextTokens }).min(512, { error: contextTokens }).optional(),
    keepAlive: z.string({ error: duration }).regex(/^(-1|\d+(ms|s|m|h))$/, { error: duration }).optional(),
    from: modelName.optional(),
    system: z.string({ error: (issue) => `expected the system prompt as a string; got ${showValue(issue.input)}` }).optional(),
    parameters: z
      .record(
        z.string(),
        z.union([z.number(), z.string(), z.array(z.string())], {
          error: (issue) => `expected a number, a string or a list of strings; got ${showValue(issue.input)}`,
        }),
        { error: (issue) => `expected an object of Modelfile parameters such as {"temperature": 0.7}; got ${showValue(issue.input)}` },
      )
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; allowed: ${KEYS.join(", ")}`
        : `expected a model object such as {"name": "qwen3:8b"}; got ${showValue(issue.input)}`,
  },
);

const listSchema = z.array(modelSchema, {
  error: (issue) => `expected a JSON array of models; got ${showValue(issue.input)}`,
});

type ModelEntry = z.output<typeof modelSchema>;

/** Reads `MODELS`: the stack's model list as JSON. Throws a ConfigError naming every bad field. */
export function parseDeclaredModels(text: string | undefined): DeclaredModel[] {
  if (text === undefined || text.trim() === "") {
    throw new ConfigError([`${VARIABLE}: required: the stack's model list as a JSON array, e.g. [{"name":"qwen3:0.6b"}]`]);
  }
  const parsed = parseJson(text);
  const result = listSchema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`));
  }
  const problems = listProblems(result.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data.map(toDeclaredModel);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${VARIABLE}: not valid JSON (${(error as Error).message}); got ${showValue(text)}`]);
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, VARIABLE);
}

/** Checks across entries, which a per-entry schema cannot see. */
function listProblems(entries: readonly ModelEntry[]): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  entries.forEach((entry, index) => {
    const key = modelKey(entry.name);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else problems.push(`${fieldPath([index, "name"])}: "${entry.name}" is declared twice (first at ${fieldPath([first])}); Ollama treats both names as one model`);
  });
  entries.forEach((entry, index) => {
    if (entry.from === undefined) {
      if (entry.system !== undefined || entry.parameters !== undefined) {
        problems.push(`${fieldPath([index, "from"])}: a model with a system prompt or parameters is a custom model and needs \`from\` (its base model)`);
      }
      return;
    }
    const base = firstIndex.get(modelKey(entry.from));
    if (base === index) {
      problems.push(`${fieldPath([index, "from"])}: "${entry.from}" is the model itself; name the model it is made from`);
    } else if (base !== undefined && base > index && entries[base]?.from !== undefined) {
      problems.push(`${fieldPath([index, "from"])}: "${entry.from}" is a custom model declared later (${fieldPath([base])}); declare a base before the models made from it`);
    }
  });
  return problems;
}

function toDeclaredModel(entry: ModelEntry): DeclaredModel {
  if (entry.from === undefined) return { kind: "pulled", name: entry.name };
  const custom: CustomModel = { kind: "custom", name: entry.name, from: entry.from, parameters: entry.parameters ?? {} };
  return entry.system === undefined ? custom : { ...custom, system: entry.system };
}
