import { request } from "node:https";
import type { KubeConnection } from "./kubeconfig";

const REQUEST_TIMEOUT_MS = 15_000;

export interface KubeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Read-only requests to the API server as kubectl would make them with that context:
 * the kubeconfig's CA, client certificate or bearer token. node:https rather than fetch,
 * because Node 20's fetch takes no CA or client certificate per request.
 */
export class KubeClient {
  constructor(private readonly connection: KubeConnection) {}

  get server(): string {
    return this.connection.server;
  }

  /** The answer, whatever its status; throws only when no answer came (refused, TLS, timeout). */
  get(path: string): Promise<KubeAnswer> {
    const { ca, cert, key, token, insecure } = this.connection;
    // Relative to the server URL, whose path a proxy in front of the API may need (Rancher's /k8s/clusters/<id>).
    const base = this.connection.server.endsWith("/") ? this.connection.server : `${this.connection.server}/`;
    const url = new URL(path.replace(/^\//, ""), base);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: "GET",
          ca,
          cert,
          key,
          rejectUnauthorized: !insecure,
          timeout: REQUEST_TIMEOUT_MS,
          headers: { accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString("utf8")) }));
          res.on("error", (error) => reject(failure(url, error)));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on("error", (error) => reject(failure(url, error)));
      req.end();
    });
  }

  /** The body of a 200 answer; anything else throws with the status and the server's message. */
  async read(path: string): Promise<unknown> {
    const answer = await this.get(path);
    if (answer.status !== 200) throw new KubeStatusError(path, answer);
    return answer.body;
  }
}

export class KubeStatusError extends Error {
  override name = "KubeStatusError";
  constructor(
    readonly path: string,
    readonly answer: KubeAnswer,
  ) {
    super(`GET ${path} answered ${answer.status}: ${messageOf(answer.body)}`);
  }
}

function messageOf(body: unknown): string {
  if (typeof body === "object" && body !== null && "message" in body) return String(body.message);
  return typeof body === "string" ? body.slice(0, 200) : JSON.stringify(body).slice(0, 200);
}

function failure(url: URL, error: Error): Error {
  return new Error(`${url.origin} did not answer: ${error.message}`);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
