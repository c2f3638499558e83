import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/**
 * A `fetch` for the Ollama client over node:http with a keep-alive pool.
 * Node 20's built-in fetch costs about half a millisecond more per call,
 * which is most of what the gateway adds to a short answer. Requests are
 * aborted by `signal` alone: the gateway never uses the client's own abort.
 */
export function createHttpFetch(signal: AbortSignal): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const secure = url.protocol === "https:";
      const send = secure ? httpsRequest : httpRequest;
      const req = send(url, {
        method: init?.method ?? "GET",
        headers: init?.headers as Record<string, string> | undefined,
        agent: agentFor(url),
        signal,
      });
      req.once("error", reject);
      req.once("response", (res) => resolve(toResponse(res)));
      req.end(typeof init?.body === "string" ? init.body : undefined);
    });
}

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/** The keep-alive pool every call to Ollama shares, by scheme. */
export function agentFor(url: URL): HttpAgent {
  return url.protocol === "https:" ? httpsAgent : httpAgent;
}

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const status = res.statusCode ?? 502;
  const hasBody = status !== 204 && status !== 304;
  return new Response(hasBody ? bodyStream(res) : null, { status, statusText: res.statusMessage ?? "", headers });
}

/**
 * The response body as a web stream that passes chunks on as they arrive.
 * Cheaper than Readable.toWeb, which adds backpressure bookkeeping that an
 * NDJSON stream of tokens, slower than any reader, never needs.
 */
function bodyStream(res: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        finish();
      };
      res.on("data", (chunk: Buffer) => controller.enqueue(chunk));
      res.once("end", () => settle(() => controller.close()));
      res.once("error", (error) => settle(() => controller.error(error)));
      res.once("close", () =>
        settle(() => controller.error(new Error("the connection to Ollama closed before the answer was complete"))),
      );
    },
    cancel() {
      res.destroy();
    },
  });
}
