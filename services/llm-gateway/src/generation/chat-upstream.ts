import type { ChatRequest, ChatResponse } from "ollama";
import type { ApiError } from "../http/api-error.ts";
import type { UpstreamFailureReason } from "../ollama/upstream-failure.ts";

/**
 * A chunk in Ollama's shape. The last one of a hosted model's answer also carries the
 * reasoning tokens its server reported apart (OpenAI's `completion_tokens_details.reasoning_tokens`),
 * a part of `eval_count`. Ollama has no such count: its `eval_count` includes thinking.
 */
export type UpstreamChunk = ChatResponse & { readonly reasoningTokens?: number };

export interface UpstreamFailure {
  readonly reason: UpstreamFailureReason;
  readonly apiError: ApiError;
}

/** Where a generation's tokens come from: Ollama, or an OpenAI-compatible server speaking through Ollama's shapes. */
export interface ChatUpstream {
  /** The server's address, for the log only. */
  readonly host: string;
  chat(request: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<UpstreamChunk>>;
  /** What the client is told about an error from `chat` or its stream. */
  failure(error: unknown, model: string): UpstreamFailure;
}
