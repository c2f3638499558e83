import type { Message, Options } from "ollama";
import { z } from "zod";
import { reasoningEffortSchema, thinkSchema } from "../generation/thinking.ts";

const textPart = z.object({ type: z.literal("text"), text: z.string() });

const messageSchema = z.object({
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.union([
    z.string(),
    z.array(textPart, { error: "expected a string or an array of text parts ({ type: \"text\", text })" }),
    z.null(),
  ]),
});

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish();

/**
 * The subset of OpenAI's chat completion request the gateway serves. Unknown
 * fields are ignored, as OpenAI's SDKs send some by default; fields whose
 * meaning the gateway cannot honour are refused by name.
 */
export const chatCompletionRequestSchema = z.object({
  model: z.string().min(1, "expected a model name"),
  messages: z.array(messageSchema).min(1, "expected at least one message"),
  stream: nullable(z.boolean()),
  stream_options: nullable(z.object({ include_usage: nullable(z.boolean()) })),
  temperature: nullable(z.number().min(0).max(2)),
  top_p: nullable(z.number().min(0).max(1)),
  max_tokens: nullable(z.int().positive()),
  max_completion_tokens: nullable(z.int().positive()),
  stop: nullable(z.union([z.string(), z.array(z.string()).max(4)])),
  seed: nullable(z.int()),
  presence_penalty: nullable(z.number().min(-2).max(2)),
  frequency_penalty: nullable(z.number().min(-2).max(2)),
  n: nullable(z.literal(1, { error: "only n = 1 is supported" })),
  tools: nullable(z.array(z.unknown()).max(0, "tool calling is not supported by this gateway")),
  response_format: nullable(
    z.discriminatedUnion("type", [
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({ type: z.literal("json_schema"), json_schema: z.object({ schema: z.record(z.string(), z.unknown()) }) }),
    ]),
  ),
  think: nullable(thinkSchema),
  reasoning_effort: nullable(reasoningEffortSchema),
  /** Gateway extension: leave the model's reasoning out of the answer. */
  hide_reasoning: nullable(z.boolean()),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export function toOllamaMessages(messages: ChatCompletionRequest["messages"]): Message[] {
  return messages.map(({ role, content }) => ({
    // Ollama has no "developer" role; OpenAI defines it as the successor of "system".
    role: role === "developer" ? "system" : role,
    content: typeof content === "string" ? content : (content ?? []).map((part) => part.text).join(""),
  }));
}

export function toOllamaOptions(request: ChatCompletionRequest): Partial<Options> {
  const options: Partial<Options> = {};
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.top_p = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) options.num_predict = maxTokens;
  if (request.stop != null) options.stop = typeof request.stop === "string" ? [request.stop] : request.stop;
  if (request.seed != null) options.seed = request.seed;
  if (request.presence_penalty != null) options.presence_penalty = request.presence_penalty;
  if (request.frequency_penalty != null) options.frequency_penalty = request.frequency_penalty;
  return options;
}

/** Ollama's `format`: "json" for JSON mode, or the JSON schema the answer must follow. */
export function toOllamaFormat(responseFormat: ChatCompletionRequest["response_format"]): string | object | undefined {
  if (responseFormat?.type === "json_object") return "json";
  if (responseFormat?.type === "json_schema") return responseFormat.json_schema.schema;
  return undefined;
}
