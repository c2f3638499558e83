import { request as httpRequest, type IncomingMessage } from "node:http";
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
 * Ollama's streamed `/api/chat`, read straight off node:http: one request,
 * NDJSON lines parsed as they arrive, no web Response, ReadableStream or
 * TextDecoder in between. It is the gateway's hot path; measured under wrk,
 * the official client's fetch-based path cost about a fifth of the gateway's
 * CPU per short answer. The rest of the API (embed, show, version) stays
 * with the client. Failures take the client's shapes: a non-2xx status is an
 * `OllamaResponseError`, an `{"error"}` line an Error with its text, a stream
 * without its final `done` line an Error too.
 */
export function streamChat(url: URL, request: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<ChatResponse>> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      agent: agentFor(url),
      signal,
    });
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
