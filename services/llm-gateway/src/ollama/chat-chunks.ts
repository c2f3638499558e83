import type { IncomingMessage } from "node:http";
import type { ChatResponse } from "ollama";

type Waiter = { resolve(result: IteratorResult<ChatResponse>): void; reject(error: unknown): void };

/**
 * The chunks of a streamed chat answer, parsed from its NDJSON body as the
 * bytes arrive. Unlike a stream's own async iterator, stopping early does not
 * destroy the response: after the final chunk its last bytes are still read,
 * so the connection goes back to the keep-alive pool. (A generation stopped
 * before its end aborts the request through its signal instead.)
 */
export class ChatChunks implements AsyncIterableIterator<ChatResponse> {
  readonly #ready: ChatResponse[] = [];
  #buffer = "";
  #waiter: Waiter | undefined;
  #failure: Error | undefined;
  #ended = false;
  #sawDone = false;
  #stopped = false;

  constructor(res: IncomingMessage) {
    res.setEncoding("utf8");
    res.on("data", (text: string) => this.#take(text));
    res.once("end", () => this.#end());
    res.once("error", (error) => this.#fail(error));
    res.once("close", () => {
      if (!this.#ended) this.#fail(new Error("the connection to Ollama closed before the answer was complete"));
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ChatResponse>> {
    const value = this.#ready.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#ended || this.#stopped) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<ChatResponse>> {
    this.#stopped = true;
    this.#ready.length = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  #take(text: string): void {
    if (this.#sawDone || this.#stopped) return;
    this.#buffer += text;
    let end = this.#buffer.indexOf("\n");
    while (end !== -1 && !this.#failure) {
      this.#line(this.#buffer.slice(0, end));
      this.#buffer = this.#buffer.slice(end + 1);
      end = this.#buffer.indexOf("\n");
    }
    this.#wake();
  }

  #end(): void {
    if (!this.#sawDone && !this.#failure) this.#line(this.#buffer);
    this.#buffer = "";
    if (!this.#sawDone && !this.#failure) this.#failure = new Error("the stream from Ollama ended without its final message");
    this.#ended = true;
    this.#wake();
  }

  #fail(error: Error): void {
    // After the final chunk the answer is whole, whatever happens to the connection.
    if (!this.#sawDone) this.#failure ??= error;
    this.#ended = true;
    this.#wake();
  }

  /** Queues a chunk; skips a blank or unreadable line, as the official client does; an `{"error"}` line fails the stream. */
  #line(line: string): void {
    if (this.#sawDone || line.trim() === "") return;
    let chunk: ChatResponse & { error?: unknown };
    try {
      chunk = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof chunk.error === "string") {
      this.#failure = new Error(chunk.error);
      return;
    }
    this.#ready.push(chunk);
    if (chunk.done) this.#sawDone = true;
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    this.#waiter = undefined;
    const value = this.#ready.shift();
    if (value) waiter.resolve({ value, done: false });
    else if (this.#failure) waiter.reject(this.#failure);
    else if (this.#ended) waiter.resolve({ value: undefined, done: true });
    else this.#waiter = waiter;
  }
}
