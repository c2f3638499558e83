import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for an OpenAI-compatible server, written from OpenAI's API
 * reference: streamed chat completions as SSE `chat.completion.chunk`s with
 * `reasoning_content`, tool-call deltas split across chunks, a usage chunk
 * when `stream_options.include_usage` is set (with the reasoning tokens in
 * `completion_tokens_details`, as OpenAI counts them), and `data: [DONE]`.
 */
export interface OpenAiStub {
  readonly url: string;
  readonly requests: { body: Record<string, unknown>; authorization: string | undefined }[];
  /** While true, every request gets 429, as a rate-limited provider answers. */
  busy: boolean;
  /** Reasoning tokens the usage chunk reports; undefined leaves the count out, as vLLM and llama.cpp do. */
  reasoningTokens: number | undefined;
  close(): Promise<void>;
}

export async function startOpenAiStub(): Promise<OpenAiStub> {
  const stub: OpenAiStub = { url: "", requests: [], busy: false, reasoningTokens: 3, close: async () => undefined };
  const server = createServer((req, res) => void handle(req, res, stub));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(stub, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, stub: OpenAiStub): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
  stub.requests.push({ body, authorization: req.headers.authorization });
  if (stub.busy) {
    res.writeHead(429, { "Content-Type": "application/json" });
    return void res.end(JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_error", code: null, param: null } }));
  }
  res.writeHead(200, { "Content-Type": "text/event-stream" });
  const base = { id: "chatcmpl-stub", object: "chat.completion.chunk", created: 1, model: body.model };
  const send = (choices: unknown[], extra: object = {}) => res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  const delta = (value: object, finish: string | null = null) => send([{ index: 0, delta: value, finish_reason: finish }]);
  const callTools = Array.isArray(body.tools) && (body.messages as { role: string }[]).at(-1)?.role !== "tool";
  delta({ role: "assistant", reasoning_content: "Thinking." });
  if (callTools) {
    delta({ tool_calls: [{ index: 0, id: "call_up", type: "function", function: { name: "get_weather", arguments: '{"ci' } }] });
    delta({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] });
    delta({}, "tool_calls");
  } else {
    for (const piece of ["Hosted", " answer."]) delta({ content: piece });
    delta({}, "stop");
  }
  if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
    const details = stub.reasoningTokens === undefined ? {} : { completion_tokens_details: { reasoning_tokens: stub.reasoningTokens } };
    send([], { usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, ...details } });
  }
  res.end("data: [DONE]\n\n");
}
