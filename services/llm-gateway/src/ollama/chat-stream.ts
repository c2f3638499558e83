import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { ChatRequest, ChatResponse } from "ollama";
import { ChatChunks } from "./chat-chunks.ts";
import { agentFor } from "./http-fetch.ts";

/** The error the official client throws for a non-2xx answer; upstream-failure.ts reads its name and fields. */
export class OllamaResponseError extends Error {
  override readonly name = "ResponseError";

  constructor(
    readonly error: string,
    readonly status_code: number,
  ) {
    super(error);
  }
}

/**
 * A caller of Ollama's streamed `/api/chat` at `url`, read straight off node:http: one request,
 * NDJSON lines parsed as they arrive, no web Response, ReadableStream or
 * TextDecoder in between. It is the gateway's hot path: in CPU profiles
 * under wrk, the official client's fetch-based path took about 20% of the
 * gateway's samples for a short answer, this one about 10%. The rest of the API (embed, show, version) stays
 * with the client. Failures take the client's shapes: a non-2xx status is an
 * `OllamaResponseError`, an `{"error"}` line an Error with its text, a stream
 * without its final `done` line an Error too.
 */
export function chatStreamer(url: URL): (request: ChatRequest, signal: AbortSignal) => Promise<AsyncIterable<ChatResponse>> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  // Built once: turning a URL into request options on every call shows in a profile.
  const options: RequestOptions = {
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port,
    path: `${url.pathname}${url.search}`,
    auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    agent: agentFor(url),
  };
  return (request, signal) =>
    new Promise((resolve, reject) => {
      const req = send({ ...options, signal });
      req.once("error", reject);
      req.once("response", (res) => {
        const status = res.statusCode ?? 502;
        if (status >= 200 && status < 300) resolve(new ChatChunks(res));
        else failure(res, status).then(reject, reject);
      });
      req.end(JSON.stringify({ ...request, stream: true }));
    });
}

/** Ollama's `{"error": …}` body, else its text, else the status line: what the client would have put in its ResponseError. */
async function failure(res: IncomingMessage, status: number): Promise<OllamaResponseError> {
  res.setEncoding("utf8");
  let body = "";
  for await (const text of res as AsyncIterable<string>) body += text;
  let message = body || `Error ${status}: ${res.statusMessage ?? ""}`;
  if (res.headers["content-type"]?.includes("application/json")) {
    try {
      message = (JSON.parse(body) as { error?: string }).error || `Error ${status}: ${res.statusMessage ?? ""}`;
    } catch {
      message = `Error ${status}: ${res.statusMessage ?? ""}`;
    }
  }
  return new OllamaResponseError(message, status);
}
