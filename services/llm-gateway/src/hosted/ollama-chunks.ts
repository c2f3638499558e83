import type { Message } from "ollama";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { UpstreamChunk } from "../generation/chat-upstream.ts";

/** Reasoning as the compatible servers send it: `reasoning` (OpenRouter, vLLM) or `reasoning_content` (DeepSeek, llama.cpp). */
interface ReasoningDelta {
  readonly reasoning?: string | null;
  readonly reasoning_content?: string | null;
}

function response(model: string, message: Message, done: boolean, extra: Partial<UpstreamChunk> = {}): UpstreamChunk {
  return {
    model,
    created_at: new Date(),
    message,
    done,
    done_reason: "",
    total_duration: 0,
    load_duration: 0,
    prompt_eval_count: 0,
    prompt_eval_duration: 0,
    eval_count: 0,
    eval_duration: 0,
    ...extra,
  };
}

function argumentsObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text || "{}");
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    return { arguments: text };
  }
}

/**
 * An OpenAI-compatible stream in the shape of Ollama's, so one generation
 * loop serves both. Tool-call deltas are put together and passed on whole,
 * as Ollama sends them; usage from the last chunk becomes the token counts.
 */
export async function* ollamaChunks(stream: AsyncIterable<ChatCompletionChunk>, model: string): AsyncGenerator<UpstreamChunk> {
  const calls = new Map<number, { name: string; arguments: string }>();
  let finishReason = "stop";
  let promptTokens = 0;
  let completionTokens = 0;
  let reasoningTokens: number | undefined;
  for await (const chunk of stream) {
    if (chunk.usage) {
      promptTokens = chunk.usage.prompt_tokens;
      completionTokens = chunk.usage.completion_tokens;
      // Servers that do not count reasoning apart (vLLM, llama.cpp) leave it out: unknown, not 0.
      reasoningTokens = chunk.usage.completion_tokens_details?.reasoning_tokens ?? undefined;
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.finish_reason) finishReason = choice.finish_reason;
    const delta = choice.delta as typeof choice.delta & ReasoningDelta;
    for (const call of delta.tool_calls ?? []) {
      const known = calls.get(call.index) ?? { name: "", arguments: "" };
      calls.set(call.index, { name: known.name + (call.function?.name ?? ""), arguments: known.arguments + (call.function?.arguments ?? "") });
    }
    const thinking = delta.reasoning ?? delta.reasoning_content ?? "";
    const content = delta.content ?? "";
    if (thinking || content) yield response(model, { role: "assistant", content, ...(thinking ? { thinking } : {}) }, false);
  }
  if (calls.size > 0) {
    const toolCalls = [...calls.values()].map((call) => ({ function: { name: call.name, arguments: argumentsObject(call.arguments) } }));
    yield response(model, { role: "assistant", content: "", tool_calls: toolCalls }, false);
  }
  yield response(model, { role: "assistant", content: "" }, true, {
    done_reason: finishReason === "length" ? "length" : "stop",
    prompt_eval_count: promptTokens,
    eval_count: completionTokens,
    ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
  });
}
