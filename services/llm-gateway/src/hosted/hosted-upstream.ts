import OpenAI, { APIConnectionError, APIError } from "openai";
import type { ChatRequest } from "ollama";
import type { HostedModel } from "../config/hosted-models.ts";
import { ApiError } from "../http/api-error.ts";
import type { ChatUpstream, UpstreamChunk, UpstreamFailure } from "../generation/chat-upstream.ts";
import { UPSTREAM_BUSY_RETRY_AFTER_SECONDS } from "../ollama/upstream-failure.ts";
import { ollamaChunks } from "./ollama-chunks.ts";
import { toOpenAiRequest } from "./openai-request.ts";

/** An OpenAI-compatible server, reached through the official `openai` client. */
export class HostedUpstream implements ChatUpstream {
  readonly #client: OpenAI;

  constructor(private readonly hosted: HostedModel) {
    // The gateway's own time-outs and retry advice apply; the client's would hide them.
    this.#client = new OpenAI({ baseURL: hosted.baseUrl, apiKey: hosted.apiKey, maxRetries: 0, timeout: 24 * 3_600_000 });
  }

  get host(): string {
    return this.hosted.baseUrl;
  }

  async chat(request: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<UpstreamChunk>> {
    const stream = await this.#client.chat.completions.create(toOpenAiRequest(request), { signal });
    return ollamaChunks(stream, request.model);
  }

  failure(error: unknown, model: string): UpstreamFailure {
    const detail = `${this.hosted.baseUrl}: ${error instanceof Error ? error.message : String(error)}`;
    const where = `the server of model ${this.hosted.name}`;
    if (error instanceof APIConnectionError) {
      return { reason: "unreachable", apiError: new ApiError(503, `${where} is unreachable; retry later`, { code: "upstream_unavailable", detail }) };
    }
    if (error instanceof APIError && error.status !== undefined) {
      if (error.status === 429 || error.status === 503) {
        const apiError = new ApiError(429, `${where} is busy or rate limited; retry after ${UPSTREAM_BUSY_RETRY_AFTER_SECONDS} s`, {
          code: "upstream_busy",
          retryAfterSeconds: UPSTREAM_BUSY_RETRY_AFTER_SECONDS,
          detail,
        });
        return { reason: "busy", apiError };
      }
      if (error.status === 400 || error.status === 422) {
        return { reason: "rejected", apiError: new ApiError(400, `${where} rejected the request for ${model}`, { code: "upstream_rejected", detail }) };
      }
      if (error.status === 404) {
        return { reason: "rejected", apiError: new ApiError(404, `model ${model} is not available at ${where}`, { code: "model_not_found", detail }) };
      }
    }
    return { reason: "failed", apiError: new ApiError(502, `${where} failed while answering with ${model}`, { code: "upstream_error", detail }) };
  }
}
