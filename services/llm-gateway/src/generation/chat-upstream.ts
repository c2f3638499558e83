import type { ChatRequest, ChatResponse } from "ollama";
import type { ApiError } from "../http/api-error.ts";
import type { UpstreamFailureReason } from "../ollama/upstream-failure.ts";

export interface UpstreamFailure {
  readonly reason: UpstreamFailureReason;
  readonly apiError: ApiError;
}

/** Where a generation's tokens come from: Ollama, or an OpenAI-compatible server speaking through Ollama's shapes. */
export interface ChatUpstream {
  /** The server's address, for the log only. */
  readonly host: string;
  chat(request: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<ChatResponse>>;
  /** What the client is told about an error from `chat` or its stream. */
  failure(error: unknown, model: string): UpstreamFailure;
}
