import { networkErrorCode } from "../ollama/upstream-failure.ts";
import { sseData } from "./sse-data.ts";
import { printable } from "./terminal-text.ts";

export interface ChatOutput {
  reasoning(text: string): void;
  content(text: string): void;
}

export interface ChatSessionOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly think?: boolean | undefined;
}

/**
 * One conversation with the gateway, streamed. Everything the gateway or the
 * model sends reaches the output through `printable`: a terminal must not
 * run escape sequences from a model's answer.
 */
export class ChatSession {
  constructor(
    private readonly options: ChatSessionOptions,
    public conversationId: string | undefined,
  ) {}

  /** Continues the remembered conversation if it still exists for this user, or starts a new one. */
  async open(): Promise<{ id: string; resumed: boolean; messages: number }> {
    if (this.conversationId) {
      const existing = await this.#call(`/v1/conversations/${this.conversationId}`, { method: "GET" }, [404]);
      if (existing.ok) {
        const { messages } = (await existing.json()) as { messages: unknown[] };
        return { id: this.conversationId, resumed: true, messages: messages.length };
      }
    }
    const created = await this.#call("/v1/conversations", { method: "POST", body: JSON.stringify({ model: this.options.model }) });
    this.conversationId = ((await created.json()) as { id: string }).id;
    return { id: this.conversationId, resumed: false, messages: 0 };
  }

  async send(content: string, output: ChatOutput): Promise<void> {
    if (!this.conversationId) await this.open();
    const response = await this.#call(`/v1/conversations/${this.conversationId}/messages`, {
      method: "POST",
      body: JSON.stringify({
        model: this.options.model,
        content,
        stream: true,
        ...(this.options.think === undefined ? {} : { think: this.options.think }),
      }),
    });
    for await (const data of sseData(response.body as ReadableStream<Uint8Array>)) {
      if (data === "[DONE]") return;
      const frame = JSON.parse(data) as {
        error?: { message: string };
        choices?: { delta?: { content?: string; reasoning?: string } }[];
      };
      if (frame.error) throw new Error(printable(frame.error.message));
      const delta = frame.choices?.[0]?.delta;
      if (delta?.reasoning) output.reasoning(printable(delta.reasoning));
      if (delta?.content) output.content(printable(delta.content));
    }
    throw new Error("the gateway closed the stream before the answer was complete");
  }

  async #call(path: string, init: RequestInit, allowed: number[] = []): Promise<Response> {
    const url = `${this.options.baseUrl.replace(/\/$/, "")}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { Authorization: `Bearer ${this.options.apiKey}`, "Content-Type": "application/json" },
      });
    } catch (error) {
      throw new Error(`cannot reach the gateway at ${url}: ${unreachableBecause(error)}`);
    }
    if (response.ok || allowed.includes(response.status)) return response;
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(printable(`${response.status}: ${body?.error?.message ?? response.statusText}`));
  }
}

/** fetch says only "fetch failed"; the reason (refused, unknown host, bad certificate) is in its cause. */
function unreachableBecause(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const code = networkErrorCode(error);
  const detail = cause instanceof Error ? cause.message : (error as Error).message;
  return code && !detail.includes(code) ? `${code} (${detail})` : detail;
}
