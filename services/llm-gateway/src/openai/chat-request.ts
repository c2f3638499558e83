import type { Message, Options } from "ollama";
import { z } from "zod";
import { reasoningEffortSchema, thinkSchema } from "../generation/thinking.ts";
import { ApiError } from "../http/api-error.ts";
import type { ImageRef } from "../images/attach-images.ts";
import { parseArguments, toolCallSchema, toolChoiceSchema, toolSchema } from "./tools.ts";

const textPart = z.object({ type: z.literal("text"), text: z.string() });

const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string().min(1, "expected an http(s) or data URL"), detail: z.enum(["auto", "low", "high"]).nullish() }),
});

const userContent = z.union([
  z.string(),
  z.array(z.discriminatedUnion("type", [textPart, imagePart]), {
    error: "expected a string or an array of text and image_url parts",
  }),
]);

const textContent = z.union([
  z.string(),
  z.array(textPart, { error: "expected a string or an array of text parts ({ type: \"text\", text })" }),
  z.null(),
]);

const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: textContent }),
  z.object({ role: z.literal("user"), content: userContent }),
  z.object({ role: z.literal("assistant"), content: textContent.optional(), tool_calls: z.array(toolCallSchema).nullish() }),
  z.object({ role: z.literal("tool"), content: textContent, tool_call_id: z.string().min(1, "expected the id of the call this answers") }),
]);

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
  tools: nullable(z.array(toolSchema).max(128)),
  tool_choice: nullable(toolChoiceSchema),
  parallel_tool_calls: nullable(z.boolean()),
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

type RequestMessage = ChatCompletionRequest["messages"][number];

function text(content: RequestMessage["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** The images of a request's user messages, in order, with where each one is for errors. */
export function imageRefs(messages: ChatCompletionRequest["messages"]): ImageRef[] {
  return messages.flatMap((message, index) => {
    if (message.role !== "user" || typeof message.content === "string") return [];
    return message.content.flatMap((part, partIndex) =>
      part.type === "image_url" ? [{ message: index, param: `messages[${index}].content[${partIndex}].image_url.url`, url: part.image_url.url }] : [],
    );
  });
}

/**
 * OpenAI's messages in Ollama's form. Ollama knows a tool result by the
 * function's name rather than a call id, so every `tool` message must answer
 * a call an earlier assistant message made.
 */
export function toOllamaMessages(messages: ChatCompletionRequest["messages"]): Message[] {
  const callNames = new Map<string, string>();
  return messages.map((message, index) => {
    if (message.role === "tool") {
      const name = callNames.get(message.tool_call_id);
      if (name === undefined) {
        const param = `messages[${index}].tool_call_id`;
        throw new ApiError(400, `invalid request: ${param}: no earlier assistant message made a tool call with id "${message.tool_call_id}"`, {
          param,
        });
      }
      return { role: "tool", content: text(message.content), tool_name: name };
    }
    if (message.role === "assistant") {
      const calls = message.tool_calls ?? [];
      for (const call of calls) callNames.set(call.id, call.function.name);
      return {
        role: "assistant",
        content: text(message.content),
        ...(calls.length === 0
          ? {}
          : {
              tool_calls: calls.map((call, callIndex) => ({
                function: {
                  name: call.function.name,
                  arguments: parseArguments(call.function.arguments, `messages[${index}].tool_calls[${callIndex}].function.arguments`),
                },
              })),
            }),
      };
    }
    // Ollama has no "developer" role; OpenAI defines it as the successor of "system".
    return { role: message.role === "developer" ? "system" : message.role, content: text(message.content) };
  });
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
