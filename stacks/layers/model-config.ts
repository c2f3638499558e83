import { z } from "zod";
import { ollamaModelKey } from "../../components/lib/ollama-model";
import type { DeclaredModel, HostedModel } from "../../components/llm";
import { strict } from "../config-fields";
import { configKey, show } from "../config-problems";

/** `homelab:models`: what Ollama holds and the gateway serves; `homelab:hostedModels`: what other servers serve through it. */

const ALIAS = /^[a-z][a-z0-9-]{0,31}$/;
const aliasSchema = z.string().regex(ALIAS, { error: (i) => `expected a short lower-case alias such as fast; got ${show(i.input)}` });
/** A served name (an Ollama model's name or alias, or a hosted model's name) that answers instead. */
const fallbackSchema = z.string().min(1).optional();

const model = strict({
  /** An Ollama model reference (`qwen3:8b`), or the name of a custom model. */
  name: z.string().regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?$/, {
    error: (issue) => `expected an Ollama model name such as qwen3:8b; got ${show(issue.input)}`,
  }),
  /** A short name the gateway also serves the model under (`fast`, `smart`). @default none */
  alias: aliasSchema.optional(),
  /** `embedding` for a model that serves `/v1/embeddings`; Open WebUI's document search uses the first. */
  kind: z.enum(["chat", "embedding"]).optional(),
  /** The model that answers when Ollama is down or its queue is full. */
  fallback: fallbackSchema,
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

const hostedModel = strict({
  /** What clients ask for (`gpt`); not also an Ollama model's name or alias. */
  name: aliasSchema,
  /** The server's OpenAI-compatible base URL. */
  baseUrl: z.url({ protocol: /^https?$/, error: (i) => `expected an http(s) URL such as https://api.openai.com/v1; got ${show(i.input)}` }),
  /** The model's name at that server. */
  model: z.string().min(1),
  /** The server's API key: a `secure:` value (`pulumi config set --secret --path`). */
  apiKey: z.string().min(1).optional(),
  /** What the gateway lets through to it. */
  capabilities: z.array(z.enum(["thinking", "tools", "vision"])).optional(),
  /** The model that answers when this one's server is down or rate-limits. */
  fallback: fallbackSchema,
});

/** Models OpenAI-compatible servers (OpenAI, Gemini, OpenRouter, vLLM, llama.cpp) serve through the gateway. */
export const hostedModelsSchema = z.array(hostedModel).optional();

type StackHostedModel = z.output<typeof hostedModel>;

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

/**
 * Hosted models next to the Ollama ones: names nobody else serves, fallbacks to served chat
 * models without cycles, and keys kept as secrets.
 */
export function hostedModelProblems(models: readonly DeclaredModel[], hosted: readonly StackHostedModel[], secretKeys: readonly string[]): string[] {
  const problems: string[] = [];
  const ollamaNames = new Set(models.flatMap((m) => (m.alias ? [m.name, m.alias] : [m.name])));
  hosted.forEach((h, i) => {
    const key = configKey(["hostedModels", i, "name"]);
    if (ollamaNames.has(h.name)) problems.push(`${key}: "${h.name}" already names a model in models; choose another name`);
    else if (hosted.findIndex((o) => o.name === h.name) < i) problems.push(`${key}: "${h.name}" is declared twice`);
  });
  const keyed = hosted.findIndex((h) => h.apiKey !== undefined);
  if (keyed >= 0 && !secretKeys.includes("hostedModels")) {
    problems.push(
      `${configKey(["hostedModels", keyed, "apiKey"])}: is a secret but is stored in clear text; set it with \`pulumi config set --secret --path 'hostedModels[${keyed}].apiKey' <value>\``,
    );
  }
  return [...problems, ...fallbackProblems(models, hosted)];
}

/** A served model's entry: which list it is in and where, and what it falls back to. */
interface Served {
  readonly path: readonly (string | number)[];
  readonly embedding: boolean;
  readonly fallback: string | undefined;
}

function fallbackProblems(models: readonly DeclaredModel[], hosted: readonly StackHostedModel[]): string[] {
  const byName = new Map<string, Served>();
  models.forEach((m, i) => {
    const served = { path: ["models", i], embedding: m.kind === "embedding", fallback: m.fallback };
    for (const name of m.alias ? [m.name, m.alias] : [m.name]) byName.set(name, served);
  });
  hosted.forEach((h, i) => byName.set(h.name, { path: ["hostedModels", i], embedding: false, fallback: h.fallback }));
  const problems: string[] = [];
  for (const served of new Set(byName.values())) {
    if (served.fallback === undefined) continue;
    const key = configKey([...served.path, "fallback"]);
    const target = byName.get(served.fallback);
    if (!target) problems.push(`${key}: "${served.fallback}" is not a served model; served: ${[...byName.keys()].join(", ")}`);
    else if (served.embedding || target.embedding) problems.push(`${key}: "${served.fallback}" — fallbacks are for chat models; an embedding model neither has nor is one`);
    else if (target === served) problems.push(`${key}: "${served.fallback}" is the model itself`);
    else {
      const cycle = cycleFrom(served, byName);
      if (cycle) problems.push(`${key}: ${cycle.join(" → ")} is a cycle; a fallback chain must end at a model without one`);
    }
  }
  return problems;
}

/** A fallback chain that comes back to `start`, by name (`fast → gpt → fast`), or undefined when it ends. */
function cycleFrom(start: Served, byName: ReadonlyMap<string, Served>): string[] | undefined {
  const chain = [start.fallback!];
  const seen = new Set<Served>([start]);
  for (let current = byName.get(start.fallback!); current?.fallback !== undefined; current = byName.get(current.fallback)) {
    if (byName.get(current.fallback) === start) return [current.fallback, ...chain, current.fallback];
    // A cycle that does not pass through start is reported from its own members.
    if (seen.has(current)) return undefined;
    seen.add(current);
    chain.push(current.fallback);
  }
  return undefined;
}

/** The stack's hosted models as the gateway takes them, each key a Pulumi secret. */
export function declaredHostedModels(hosted: readonly StackHostedModel[] | undefined, secret: (value: string) => HostedModel["apiKey"]): HostedModel[] {
  return (hosted ?? []).map(({ apiKey, ...model }) => ({ ...model, ...(apiKey !== undefined && { apiKey: secret(apiKey) }) }));
}
