import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatResponse } from "ollama";
import { afterEach, describe, expect, it } from "vitest";
import { chatStreamer } from "./chat-stream.ts";
import { toUpstreamApiError } from "./upstream-failure.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server | undefined;

/** A server that answers /api/chat with `handler`, and the remote ports of the connections it saw. */
async function serve(handler: Handler): Promise<{ url: URL; connections: number[] }> {
  const connections: number[] = [];
  server = createServer((req, res) => {
    connections.push(req.socket.remotePort as number);
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (text: string) => (body += text));
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`), connections };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const line = (value: object) => `${JSON.stringify(value)}\n`;
const token = (content: string) => line({ model: "m", message: { role: "assistant", content }, done: false });
const final = line({ model: "m", message: { role: "assistant", content: "" }, done: true, done_reason: "stop", prompt_eval_count: 3, eval_count: 2 });

async function collect(stream: AsyncIterable<ChatResponse>): Promise<ChatResponse[]> {
  const chunks: ChatResponse[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    if (chunk.done) break;
  }
  return chunks;
}

const request = { model: "m", messages: [{ role: "user", content: "hi", images: ["aGk="] }] };

describe("chatStreamer", () => {
  it("sends the request as a stream and yields each line, split anywhere across packets", async () => {
    let sent: unknown;
    const { url } = await serve((_req, res, body) => {
      sent = JSON.parse(body);
      res.writeHead(200, { "Content-Type": "application/x-ndjson" });
      const text = token("Hel") + token("lo") + final;
      res.write(text.slice(0, 10));
      setTimeout(() => res.write(text.slice(10, 70)), 5);
      setTimeout(() => res.end(text.slice(70)), 10);
    });
    const chunks = await collect(await chatStreamer(url)(request, new AbortController().signal));
    expect(sent).toEqual({ ...request, stream: true });
    expect(chunks.map((chunk) => chunk.message.content)).toEqual(["Hel", "lo", ""]);
    expect(chunks.at(-1)).toMatchObject({ done: true, prompt_eval_count: 3, eval_count: 2 });
  });

  it("returns the connection to the pool after a whole answer, even when the reader stops at the final chunk", async () => {
    const { url, connections } = await serve((_req, res) => {
      res.writeHead(200);
      res.write(token("a") + final);
      setTimeout(() => res.end(), 5);
    });
    for (let i = 0; i < 3; i++) {
      await collect(await chatStreamer(url)(request, new AbortController().signal));
      // The response's last bytes come after the final chunk; the next call may reuse the connection once they are read.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(new Set(connections).size).toBe(1);
  });

  it("turns a non-2xx answer into the client's ResponseError, with Ollama's error text", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: 'model "m" not found, try pulling it first' }));
    });
    const error = await chatStreamer(url)(request, new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ResponseError", status_code: 404, error: 'model "m" not found, try pulling it first' });
    expect(toUpstreamApiError(error, url.origin, "m").apiError.status).toBe(404);
  });

  it("takes a plain-text error body as the message, and the status line when there is none", async () => {
    let status = 500;
    const { url } = await serve((_req, res) => {
      res.writeHead(status, { "Content-Type": "text/plain" });
      res.end(status === 500 ? "runner crashed" : "");
    });
    await expect(chatStreamer(url)(request, new AbortController().signal)).rejects.toMatchObject({ status_code: 500, message: "runner crashed" });
    status = 503;
    await expect(chatStreamer(url)(request, new AbortController().signal)).rejects.toMatchObject({
      status_code: 503,
      message: "Error 503: Service Unavailable",
    });
  });

  it("yields the chunks before an error line, then fails with its text", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      res.end(token("a") + line({ error: "out of memory" }) + final);
    });
    const seen: string[] = [];
    const stream = await chatStreamer(url)(request, new AbortController().signal);
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.message.content);
      })(),
    ).rejects.toThrow("out of memory");
    expect(seen).toEqual(["a"]);
  });

  it("fails a stream that ends, or whose connection closes, before the final chunk", async () => {
    let cut = false;
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      if (cut) {
        res.write(token("a"));
        setTimeout(() => res.socket?.destroy(), 5);
      } else res.end(token("a"));
    });
    await expect(collect(await chatStreamer(url)(request, new AbortController().signal))).rejects.toThrow("ended without its final message");
    cut = true;
    await expect(collect(await chatStreamer(url)(request, new AbortController().signal))).rejects.toThrow();
  });

  it("stops waiting when its signal aborts, before or after the answer began", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      res.write(token("a"));
    });
    const controller = new AbortController();
    const stream = await chatStreamer(url)(request, controller.signal);
    const reading = collect(stream);
    controller.abort(new Error("client disconnected"));
    await expect(reading).rejects.toThrow();
    await expect(chatStreamer(url)(request, controller.signal)).rejects.toThrow();
  });

  it("refuses a connection that cannot be made with the system error code the failure mapping reads", async () => {
    const { url } = await serve(() => undefined);
    server?.close();
    const error = await chatStreamer(url)(request, new AbortController().signal).catch((caught: unknown) => caught);
    expect(toUpstreamApiError(error, url.origin, "m")).toMatchObject({ reason: "unreachable" });
  });
});
