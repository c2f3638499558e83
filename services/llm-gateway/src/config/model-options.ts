import { z } from "zod";
import { fieldPath } from "../validation/field-path.ts";

/** Per-model Ollama settings, as the platform writes them from its stack config. */
export interface ModelOptions {
  /** An alias from MODEL_ALIASES or the Ollama model name behind it. */
  readonly name: string;
  /** Context window passed to Ollama as `options.num_ctx`, and the budget for conversation history. */
  readonly numCtx?: number;
  /** How long Ollama keeps the model loaded: seconds, or a duration such as "30m"; "-1" keeps it forever. */
  readonly keepAlive?: string | number;
}

const durationPattern = /^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))*$/;

const modelOptionsSchema = z.array(
  z.strictObject({
    name: z.string().min(1),
    numCtx: z.int().min(256).max(1_048_576).optional(),
    keepAlive: z
      .union([z.number(), z.string().regex(durationPattern, 'expected a duration such as "5m", "1h30m" or "-1"')])
      .optional(),
  }),
);

/**
 * Parses `MODEL_OPTIONS`: a JSON array of `{ "name", "numCtx"?, "keepAlive"? }`,
 * the same shape as the platform's model list.
 */
export function parseModelOptions(raw: string | undefined): ModelOptions[] {
  if (!raw?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`MODEL_OPTIONS: not valid JSON (${(error as Error).message}); expected e.g. [{"name":"qwen3:8b","numCtx":16384,"keepAlive":"30m"}]`);
  }
  const parsed = modelOptionsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`MODEL_OPTIONS${fieldPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  return parsed.data;
}
