import { z } from "zod";
import { fieldPath } from "../validation/field-path.ts";

/** A model served by an OpenAI-compatible server (OpenAI, Gemini's compatible endpoint, OpenRouter, vLLM, llama.cpp). */
export interface HostedModel {
  /** The name clients use; must not clash with MODEL_ALIASES. */
  readonly name: string;
  /** The server's OpenAI-compatible base URL, e.g. https://api.openai.com/v1. */
  readonly baseUrl: string;
  /** The model's name at that server. */
  readonly model: string;
  /** The key, read from the variable `apiKeyEnv` names, so the JSON itself holds no secret. */
  readonly apiKey: string;
  /** What the model can do beyond text, as Ollama names it: "thinking", "tools", "vision". */
  readonly capabilities: readonly string[];
}

const VARIABLE = "HOSTED_MODELS";

const hostedModelsSchema = z.array(
  z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, "expected a model name such as gpt-4o-mini"),
    baseUrl: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://api.openai.com/v1" }),
    model: z.string().min(1),
    apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "expected the name of an environment variable, e.g. OPENAI_API_KEY").optional(),
    capabilities: z.array(z.enum(["thinking", "tools", "vision"])).default([]),
  }),
);

/**
 * Parses `HOSTED_MODELS`: a JSON array of
 * `{ "name", "baseUrl", "model", "apiKeyEnv"?, "capabilities"? }`. A server
 * without keys (a local vLLM) leaves out `apiKeyEnv`.
 */
export function parseHostedModels(raw: string | undefined, env: Readonly<Record<string, string | undefined>>): HostedModel[] {
  if (!raw?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(
      `${VARIABLE}: not valid JSON (${(error as Error).message}); expected e.g. [{"name":"gpt","baseUrl":"https://api.openai.com/v1","model":"gpt-4o-mini","apiKeyEnv":"OPENAI_API_KEY"}]`,
    );
  }
  const parsed = hostedModelsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${VARIABLE}${fieldPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  return parsed.data.map(({ apiKeyEnv, ...model }, index) => {
    const apiKey = apiKeyEnv === undefined ? "none" : env[apiKeyEnv]?.trim();
    if (!apiKey) throw new Error(`${VARIABLE}[${index}].apiKeyEnv: ${apiKeyEnv} is not set; it must hold the API key for ${model.baseUrl}`);
    return { ...model, apiKey };
  });
}

/** A served model's stand-in for when it is down or its queue is full. */
export interface ModelFallback {
  readonly name: string;
  readonly fallback: string;
}

/** Parses `MODEL_FALLBACKS`: comma-separated `model=fallback` pairs, checked against what is served. */
export function parseModelFallbacks(raw: string | undefined, served: ReadonlySet<string>): ModelFallback[] {
  const entries = (raw ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const fallbacks = entries.map((entry) => {
    const [name = "", fallback = "", ...rest] = entry.split("=").map((part) => part.trim());
    if (!name || !fallback || rest.length > 0) throw new Error(`MODEL_FALLBACKS: "${entry}" is not of the form model=fallback (e.g. fast=gpt)`);
    for (const model of [name, fallback]) {
      if (!served.has(model)) throw new Error(`MODEL_FALLBACKS: "${model}" is not a served model; served: ${[...served].join(", ") || "none"}`);
    }
    return { name, fallback };
  });
  const next = new Map(fallbacks.map(({ name, fallback }) => [name, fallback]));
  for (const { name } of fallbacks) {
    const chain = [name];
    for (let current = next.get(name); current !== undefined; current = next.get(current)) {
      const seen = chain.includes(current);
      chain.push(current);
      if (seen) throw new Error(`MODEL_FALLBACKS: ${chain.join(" → ")} is a cycle`);
    }
  }
  return fallbacks;
}
