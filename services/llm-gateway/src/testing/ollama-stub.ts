import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Ollama that speaks its HTTP API as documented: NDJSON chat
 * streams with `message.content`, `message.thinking`, `done`, `done_reason`
 * and token counts; `/api/show` with `capabilities`; `/api/tags`, `/api/ps`,
 * `/api/version`; JSON `{ "error" }` bodies; 503 when its queue is full.
 */

export interface StubModel {
  readonly name: string;
  readonly capabilities: readonly string[];
  /** Reasoning tokens sent before the answer when thinking is on. */
  readonly thinking?: readonly string[];
  /** Answer tokens; by default the words of "Hello from <model>." */
  readonly answer?: (request: ChatRequestBody) => readonly string[];
  readonly tokenDelayMs?: number;
  /** Delay before the first byte, as when Ollama loads a cold model. */
  readonly loadDelayMs?: number;
  /** Awaited before answering: a test holds answers open until it lets them go. */
  readonly gate?: (request: ChatRequestBody) => Promise<void>;
  /** Sends this many answer tokens, then an `{"error"}` line instead of the rest. */
  readonly failAfterTokens?: number;
  /** Characters an embedding input may have before Ollama refuses it (with `truncate: false`). */
  readonly contextChars?: number;
  /** Calls the model makes after its answer tokens, all in one chunk as Ollama sends them; none when empty. */
  readonly toolCalls?: (request: ChatRequestBody) => readonly StubToolCall[];
}

export interface StubToolCall {
  readonly function: { readonly name: string; readonly arguments: Record<string, unknown> };
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string; thinking?: string; images?: string[]; tool_calls?: StubToolCall[]; tool_name?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  stream?: boolean;
  think?: boolean | string;
  keep_alive?: string | number;
  format?: unknown;
  options?: Record<string, unknown>;
}

export interface EmbedRequestBody {
  model: string;
  input: string | string[];
  truncate?: boolean;
  dimensions?: number;
  keep_alive?: string | number;
  options?: Record<string, unknown>;
}

export interface RecordedChat {
  readonly body: ChatRequestBody;
  /** The connection closed before the answer was complete. */
  aborted: boolean;
  finished: boolean;
}

export interface OllamaStub {
  readonly url: string;
  readonly chats: RecordedChat[];
  readonly embeds: EmbedRequestBody[];
  /** While true, every chat is refused with 503, as Ollama does when OLLAMA_MAX_QUEUE is reached. */
  busy: boolean;
  close(): Promise<void>;
}

const VERSION = "0.12.6";

export async function startOllamaStub(models: readonly StubModel[], port = 0): Promise<OllamaStub> {
  const byName = new Map(models.map((model) => [model.name, model]));
  const stub: OllamaStub = {
    url: "",
    chats: [],
    embeds: [],
    busy: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    route(req, res, byName, stub).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  const originalClose = stub.close;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${bound}`,
    close: () => {
      server.closeAllConnections();
      return originalClose();
    },
  });
}

async function route(req: IncomingMessage, res: ServerResponse, models: Map<string, StubModel>, stub: OllamaStub): Promise<void> {
  const path = new URL(req.url ?? "/", "http://stub").pathname;
  if (req.method === "GET" && path === "/api/version") return sendJson(res, 200, { version: VERSION });
  if (req.method === "GET" && path === "/api/tags") return sendJson(res, 200, { models: [...models.values()].map(modelEntry) });
  if (req.method === "GET" && path === "/api/ps") return sendJson(res, 200, { models: [] });
  if (req.method === "POST" && path === "/api/show") {
    const { model } = (await readJson(req)) as { model: string };
    const found = models.get(model);
    if (!found) return sendJson(res, 404, { error: `model '${model}' not found` });
    return sendJson(res, 200, {
      modelfile: "",
      parameters: "",
      template: "{{ .Prompt }}",
      details: modelEntry(found).details,
      model_info: { "general.architecture": "llama", "llama.context_length": 131072 },
      capabilities: found.capabilities,
      modified_at: new Date(0).toISOString(),
    });
  }
  if (req.method === "POST" && path === "/api/chat") return chat(req, res, models, stub);
  if (req.method === "POST" && path === "/api/embed") return embed(req, res, models, stub);
  sendJson(res, 404, { error: "404 page not found" });
}

async function chat(req: IncomingMessage, res: ServerResponse, models: Map<string, StubModel>, stub: OllamaStub): Promise<void> {
  const body = (await readJson(req)) as ChatRequestBody;
  const recorded: RecordedChat = { body, aborted: false, finished: false };
  stub.chats.push(recorded);
  res.on("close", () => (recorded.aborted = !recorded.finished));
  const refuse = (status: number, error: string) => {
    recorded.finished = true;
    sendJson(res, status, { error });
  };
  if (stub.busy) return refuse(503, "server busy, please try again.  maximum pending requests exceeded");
  const model = models.get(body.model);
  if (!model) return refuse(404, `model "${body.model}" not found, try pulling it first`);
  if (body.think && !model.capabilities.includes("thinking")) return refuse(400, `"${body.model}" does not support thinking`);
  const startedAt = process.hrtime.bigint();
  await sleep(model.loadDelayMs ?? 0);
  await model.gate?.(body);
  const thinking = body.think ? (model.thinking ?? []) : [];
  const answer = model.answer?.(body) ?? ["Hello", " from", ` ${model.name}.`];
  const promptTokens = Math.ceil(body.messages.reduce((sum, { content }) => sum + content.length, 0) / 4);
  const calls = body.tools?.length ? (model.toolCalls?.(body) ?? []) : [];
  const final = (content: string, thought: string, finalCalls: readonly StubToolCall[]) => ({
    model: body.model,
    created_at: new Date().toISOString(),
    message: { role: "assistant", content, ...(thought ? { thinking: thought } : {}), ...(finalCalls.length ? { tool_calls: finalCalls } : {}) },
    done: true,
    done_reason: "stop",
    total_duration: Number(process.hrtime.bigint() - startedAt),
    load_duration: (model.loadDelayMs ?? 0) * 1e6,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: 1_000_000,
    eval_count: thinking.length + answer.length,
    eval_duration: 2_000_000,
  });

  if (body.stream === false) {
    recorded.finished = true;
    return sendJson(res, 200, final(answer.join(""), thinking.join(""), calls));
  }
  res.writeHead(200, { "Content-Type": "application/x-ndjson" });
  const line = (message: object) => res.write(`${JSON.stringify(message)}\n`);
  const partial = (message: { content: string; thinking?: string; tool_calls?: readonly StubToolCall[] }) => ({
    model: body.model,
    created_at: new Date().toISOString(),
    message: { role: "assistant", ...message },
    done: false,
  });
  for (const thought of thinking) {
    if (res.destroyed) return;
    line(partial({ content: "", thinking: thought }));
    await sleep(model.tokenDelayMs ?? 0);
  }
  for (const [index, token] of answer.entries()) {
    if (res.destroyed) return;
    if (model.failAfterTokens === index) {
      line({ error: "an error was encountered while running the model: unexpected EOF" });
      recorded.finished = true;
      return void res.end();
    }
    line(partial({ content: token }));
    await sleep(model.tokenDelayMs ?? 0);
  }
  if (res.destroyed) return;
  if (calls.length > 0) line(partial({ content: "", tool_calls: calls }));
  recorded.finished = true;
  line(final("", "", []));
  res.end();
}

/** Deterministic vectors, `dimensions` long (4 by default), so a test can check each one. */
async function embed(req: IncomingMessage, res: ServerResponse, models: Map<string, StubModel>, stub: OllamaStub): Promise<void> {
  const body = (await readJson(req)) as EmbedRequestBody;
  stub.embeds.push(body);
  const model = models.get(body.model);
  if (!model) return sendJson(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
  if (!model.capabilities.includes("embedding")) return sendJson(res, 400, { error: `"${body.model}" does not support embeddings` });
  const inputs = typeof body.input === "string" ? [body.input] : body.input;
  if (body.truncate === false && inputs.some((input) => input.length > (model.contextChars ?? Infinity))) {
    return sendJson(res, 400, { error: "the input length exceeds the context length" });
  }
  const size = body.dimensions ?? 4;
  sendJson(res, 200, {
    model: body.model,
    embeddings: inputs.map((input, index) => Array.from({ length: size }, (_, i) => (input.length + index) / (i + 2))),
    total_duration: 1_000_000,
    load_duration: 0,
    prompt_eval_count: inputs.reduce((sum, input) => sum + Math.ceil(input.length / 4), 0),
  });
}

function modelEntry(model: StubModel) {
  return {
    name: model.name,
    model: model.name,
    modified_at: new Date(0).toISOString(),
    size: 1_000_000,
    digest: "0".repeat(64),
    details: { parent_model: "", format: "gguf", family: "llama", families: ["llama"], parameter_size: "1B", quantization_level: "Q4_K_M" },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
