import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** Longer than Vault takes to answer an unseal or a Raft write on a slow disk. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface JsonRequest {
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "LIST";
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** PEM the server's certificate must chain to (https only). @default the system's */
  readonly ca?: string;
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A call that got no HTTP answer at all: the pod is not up, or the address is wrong. */
export class NoAnswer extends Error {
  override readonly name = "NoAnswer";
}

/**
 * One JSON call over HTTP or HTTPS. node:http(s) rather than fetch: Node's fetch cannot take
 * a CA per request without bundling undici, and Vault and the API server each have their own.
 */
export function callJson(url: string, req: JsonRequest): Promise<JsonAnswer> {
  const target = new URL(url);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const call = send(
      target,
      {
        method: req.method,
        timeout: REQUEST_TIMEOUT_MS,
        ...(req.ca && { ca: req.ca }),
        headers: {
          accept: "application/json",
          ...(payload !== undefined && { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
          ...req.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString("utf8")) }));
        res.on("error", (error) => reject(new NoAnswer(`${req.method} ${url}: ${error.message}`)));
      },
    );
    call.on("timeout", () => call.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    call.on("error", (error) => reject(new NoAnswer(`${req.method} ${url}: ${error.message}`)));
    call.end(payload);
  });
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
