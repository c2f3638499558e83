import { Ollama, type ChatRequest, type ChatResponse, type EmbedRequest, type EmbedResponse } from "ollama";
import type { ChatUpstream, UpstreamFailure } from "../generation/chat-upstream.ts";
import { chatStreamer } from "./chat-stream.ts";
import { createHttpFetch } from "./http-fetch.ts";
import { ollamaApiUrl } from "./ollama-url.ts";
import { toUpstreamApiError } from "./upstream-failure.ts";

/**
 * The Ollama server, reached through the official client, except for chat:
 * every answer goes through `chatStreamer`, a thinner reading of the same
 * streamed `/api/chat`, as that is the path each request pays for.
 *
 * The client can abort a stream only after its response has started, and
 * aborts all streams at once through `Ollama.abort()`. A cold model sends no
 * response until it is loaded, which can take minutes, so each call gets a
 * client whose fetch carries that call's own signal: aborting one request
 * never touches another, and it works while Ollama is still loading.
 */
export class OllamaUpstream implements ChatUpstream {
  readonly #streamChat: ReturnType<typeof chatStreamer>;

  constructor(readonly host: string) {
    this.#streamChat = chatStreamer(ollamaApiUrl(host, "chat"));
  }

  chat(request: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<ChatResponse>> {
    return this.#streamChat(request, signal);
  }

  embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResponse> {
    return this.#client(signal).embed(request);
  }

  failure(error: unknown, model: string): UpstreamFailure {
    return toUpstreamApiError(error, this.host, model);
  }

  async capabilities(model: string, signal: AbortSignal): Promise<readonly string[]> {
    const shown = await this.#client(signal).show({ model });
    return shown.capabilities ?? [];
  }

  async version(signal: AbortSignal): Promise<string> {
    return (await this.#client(signal).version()).version;
  }

  #client(signal: AbortSignal): Ollama {
    return new Ollama({ host: this.host, fetch: createHttpFetch(signal) });
  }
}
