import { sseData } from "./sse-data.ts";

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

/** One conversation with the gateway, streamed. */
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
      if (frame.error) throw new Error(frame.error.message);
      const delta = frame.choices?.[0]?.delta;
      if (delta?.reasoning) output.reasoning(delta.reasoning);
      if (delta?.content) output.content(delta.content);
    }
    throw new Error("the gateway closed the stream before the answer was complete");
  }

  async #call(path: string, init: RequestInit, allowed: number[] = []): Promise<Response> {
    const response = await fetch(`${this.options.baseUrl.replace(/\/$/, "")}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${this.options.apiKey}`, "Content-Type": "application/json" },
    });
    if (response.ok || allowed.includes(response.status)) return response;
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(`${response.status}: ${body?.error?.message ?? response.statusText}`);
  }
}
