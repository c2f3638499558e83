import type { Generation } from "../generation/generation.ts";
import type { AssistantToolCall, FinishReason, GenerationEvent, GenerationResult } from "../generation/generation-request.ts";

/** Extra top-level fields, such as the conversation an answer belongs to. */
export type Extras = Record<string, string>;

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

/** Reasoning tokens appear only when the upstream counted them apart; a made-up 0 would claim there was no reasoning. */
function usage(result: GenerationResult): Usage {
  return {
    prompt_tokens: result.promptTokens,
    completion_tokens: result.completionTokens,
    total_tokens: result.promptTokens + result.completionTokens,
    ...(result.reasoningTokens === undefined ? {} : { completion_tokens_details: { reasoning_tokens: result.reasoningTokens } }),
  };
}

/**
 * Reasoning goes in `reasoning` and, for clients written against DeepSeek's
 * API, in `reasoning_content`; never in `content`.
 */
function reasoningFields(text: string): { reasoning: string; reasoning_content: string } {
  return { reasoning: text, reasoning_content: text };
}

/** A tool call on OpenAI's wire. */
export function wireToolCall(call: AssistantToolCall) {
  return { id: call.id, type: "function" as const, function: { name: call.name, arguments: call.arguments } };
}

/** The non-streaming `chat.completion` object. */
export function completion(generation: Generation, result: GenerationResult, hideReasoning: boolean, extras: Extras = {}) {
  const calls = result.toolCalls.length > 0;
  const message = {
    role: "assistant" as const,
    // OpenAI sends null rather than "" when the answer is only calls.
    content: calls && result.content === "" ? null : result.content,
    ...(calls ? { tool_calls: result.toolCalls.map(wireToolCall) } : {}),
    ...(hideReasoning || !result.reasoning ? {} : reasoningFields(result.reasoning)),
  };
  return {
    id: generation.id,
    object: "chat.completion" as const,
    created: generation.created,
    model: generation.request.model.id,
    ...extras,
    choices: [{ index: 0, message, finish_reason: result.finishReason, logprobs: null }],
    usage: usage(result),
  };
}

function chunk(generation: Generation, choices: unknown[], extras: Extras) {
  return {
    id: generation.id,
    object: "chat.completion.chunk" as const,
    created: generation.created,
    model: generation.request.model.id,
    ...extras,
    choices,
  };
}

function deltaOf(event: GenerationEvent) {
  // A call arrives whole, so one delta carries its id, name and all of its arguments.
  if (event.type === "tool_call") return { tool_calls: [{ index: event.index, ...wireToolCall(event.call) }] };
  return event.type === "content" ? { content: event.text } : reasoningFields(event.text);
}

/** A `chat.completion.chunk` carrying one piece of reasoning or content, or one tool call. */
export function deltaChunk(generation: Generation, event: GenerationEvent, first: boolean, extras: Extras) {
  const delta = { ...(first ? { role: "assistant" } : {}), ...deltaOf(event) };
  return chunk(generation, [{ index: 0, delta, finish_reason: null, logprobs: null }], extras);
}

export function finishChunk(generation: Generation, finishReason: FinishReason, extras: Extras) {
  return chunk(generation, [{ index: 0, delta: {}, finish_reason: finishReason, logprobs: null }], extras);
}

/** The final chunk OpenAI sends when `stream_options.include_usage` is set: no choices, only usage. */
export function usageChunk(generation: Generation, result: GenerationResult, extras: Extras) {
  return { ...chunk(generation, [], extras), usage: usage(result) };
}
