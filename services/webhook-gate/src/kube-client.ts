import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { join } from "node:path";
import type { Answer } from "./answer.ts";
import type { GateConfig } from "./gate-config.ts";

/** Longer than an API server waits for a webhook (10 s by default), so its own error arrives first. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * POSTs one object to the in-cluster API with the pod's service-account token, checking the
 * API server's certificate against the cluster CA. node:https rather than fetch: Node 20's
 * fetch cannot take a CA per request without bundling undici.
 */
export async function postObject(api: GateConfig["api"], path: string, object: unknown): Promise<Answer> {
  let ca: string;
  let token: string;
  try {
    // Read on every attempt: the kubelet rotates projected tokens while the pod runs.
    [ca, token] = await Promise.all([readFile(join(api.serviceAccountDir, "ca.crt"), "utf8"), readFile(join(api.serviceAccountDir, "token"), "utf8")]);
  } catch (error) {
    return { kind: "no-answer", reason: `cannot read the service account in ${api.serviceAccountDir}: ${(error as Error).message}` };
  }
  const payload = JSON.stringify(object);
  return new Promise((resolve) => {
    const req = request(
      {
        host: api.host,
        port: api.port,
        path,
        method: "POST",
        ca,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          authorization: `Bearer ${token.trim()}`,
          accept: "application/json",
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ kind: "http", status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString("utf8")) }));
        res.on("error", (error) => resolve({ kind: "no-answer", reason: error.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", (error) => resolve({ kind: "no-answer", reason: `https://${api.host}:${api.port}: ${error.message}` }));
    req.end(payload);
  });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
