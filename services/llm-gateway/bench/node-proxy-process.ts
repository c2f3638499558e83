import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * The floor under any gateway in one Node process: a bare `node:http` server
 * that turns a chat completion into Ollama's streamed `/api/chat` call and the
 * NDJSON answer back into a completion (JSON, or server-sent events when
 * streamed), over a keep-alive pool like the gateway's. No auth, limits,
 * validation, logging, metrics or usage: what it costs is what Node's HTTP
 * server and client cost. Argument: the upstream's URL; prints its own.
 */
const upstream = new URL(process.argv[2] ?? "");
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function completion(res: ServerResponse, streamed: boolean, answer: IncomingMessage): void {
  let pending = "";
  let content = "";
  if (streamed) res.writeHead(200, { "content-type": "text/event-stream" });
  answer.setEncoding("utf8");
  answer.on("data", (text: string) => {
    const lines = (pending + text).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line) continue;
      const token = (JSON.parse(line) as { message?: { content?: string } }).message?.content ?? "";
      if (streamed) res.write(`data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: token } }] })}\n\n`);
      else content += token;
    }
  });
  answer.on("end", () => {
    if (streamed) {
      res.end("data: [DONE]\n\n");
      return;
    }
    const body = JSON.stringify({ object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  });
}

const server = createServer(async (req, res) => {
  if (req.method !== "POST") {
    res.end("ok");
    return;
  }
  const { model, messages, stream } = JSON.parse(await readBody(req)) as { model: string; messages: unknown; stream?: boolean };
  const call = request(new URL("/api/chat", upstream), { method: "POST", agent, headers: { "content-type": "application/json" } }, (answer) =>
    completion(res, stream === true, answer),
  );
  call.on("error", () => res.writeHead(502).end());
  call.end(JSON.stringify({ model: `${model}:1b`, messages, stream: true }));
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
