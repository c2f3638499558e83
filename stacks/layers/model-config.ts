import { z } from "zod";
import { ollamaModelKey } from "../../components/lib/ollama-model";
import type { DeclaredModel } from "../../components/llm";
import { strict } from "../config-fields";
import { configKey, show } from "../config-problems";

/** `homelab:models`: what Ollama holds and the gateway serves. */

const model = strict({
  /** An Ollama model reference (`qwen3:8b`), or the name of a custom model. */
  name: z.string().regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?$/, {
    error: (issue) => `expected an Ollama model name such as qwen3:8b; got ${show(issue.input)}`,
  }),
  /** A short name the gateway also serves the model under (`fast`, `smart`). @default none */
  alias: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: (i) => `expected a short lower-case alias such as fast; got ${show(i.input)}` })
    .optional(),
  /** Context window in tokens; Ollama's own default is small and silently truncates. */
  numCtx: z.number().int().min(512).optional(),
  /** How long the model stays loaded after a request (`5m`, `1h`, `-1` for ever). */
  keepAlive: z
    .string()
    .regex(/^(-1|\d+(ms|s|m|h))$/, { error: (i) => `expected a duration such as 5m, 1h or -1; got ${show(i.input)}` })
    .optional(),
  /** Base model of a custom model; a custom model is made from it with the prompt below. */
  from: z.string().optional(),
  /** System prompt of a custom model. */
  system: z.string().optional(),
  /** Modelfile parameters of a custom model (`temperature`, `stop`, …). */
  parameters: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])).optional(),
});

/** Ollama models to pull or create; default: one small model that fits the target. */
export const modelsSchema = z.array(model).optional();

/** Models that run well enough on each path: a tiny thinking model on CPU, a capable one on a GPU. */
const DEFAULT_MODELS: Readonly<Record<"cpu" | "gpu", readonly DeclaredModel[]>> = {
  cpu: [{ name: "qwen3:0.6b", numCtx: 8192 }],
  gpu: [{ name: "qwen3:8b", numCtx: 16384 }],
};

/** The models the stack declares, or the default for where they run. */
export function declaredModels(models: readonly DeclaredModel[] | undefined, gpu: boolean): readonly DeclaredModel[] {
  return models ?? DEFAULT_MODELS[gpu ? "gpu" : "cpu"];
}

/** Names Ollama would take as one model, aliases that clash, custom models without a usable base. */
export function modelProblems(models: readonly DeclaredModel[]): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  models.forEach((m, i) => {
    const first = firstIndex.get(ollamaModelKey(m.name));
    if (first === undefined) firstIndex.set(ollamaModelKey(m.name), i);
    else problems.push(`${configKey(["models", i, "name"])}: "${m.name}" is declared twice (first as models[${first}]); Ollama treats both names as one model`);
  });
  models.forEach((m, i) => {
    if (m.alias && models.some((o, j) => o.name === m.alias || (j < i && o.alias === m.alias))) {
      problems.push(`${configKey(["models", i, "alias"])}: "${m.alias}" already names another model`);
    }
    if (!m.from) {
      if (m.system !== undefined || m.parameters !== undefined) {
        problems.push(`${configKey(["models", i, "from"])}: a model with a system prompt or parameters is a custom model and needs \`from\` (its base model)`);
      }
      return;
    }
    const base = firstIndex.get(ollamaModelKey(m.from));
    if (base === i) problems.push(`${configKey(["models", i, "from"])}: "${m.from}" is the model itself; name the model it is made from`);
    else if (base !== undefined && base > i && models[base]!.from) {
      problems.push(`${configKey(["models", i, "from"])}: "${m.from}" is a custom model declared later (models[${base}]); declare a base before the models made from it`);
    }
  });
  return problems;
}
