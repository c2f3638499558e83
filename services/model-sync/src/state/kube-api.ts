import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { join } from "node:path";
import { StateError } from "./managed-models.ts";

/** Where Kubernetes mounts a pod's service-account token, CA bundle and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

const REQUEST_TIMEOUT_MS = 15_000;

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

/** The API server as a pod reaches it: its service address and the pod's service-account credentials. */
export interface InClusterEndpoint {
  readonly host: string;
  readonly port: number;
  readonly serviceAccountDir: string;
}

/**
 * A minimal client for the Kubernetes API from inside a pod. It uses node:https rather than
 * fetch because Node 20's fetch cannot be given a CA per request without bundling undici,
 * and the API server's certificate is signed by the cluster's own CA.
 */
export class KubeApi {
  private constructor(
    private readonly endpoint: InClusterEndpoint,
    private readonly ca: string,
    readonly namespace: string,
  ) {}

  static async inCluster(endpoint: InClusterEndpoint): Promise<KubeApi> {
    const [ca, namespace] = await Promise.all([
      readServiceAccountFile(endpoint.serviceAccountDir, "ca.crt"),
      readServiceAccountFile(endpoint.serviceAccountDir, "namespace"),
    ]);
    return new KubeApi(endpoint, ca, namespace.trim());
  }

  async request(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<KubeResponse> {
    // Read on every request: the kubelet rotates projected tokens while the pod runs.
    const token = (await readServiceAccountFile(this.endpoint.serviceAccountDir, "token")).trim();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.endpoint.host,
          port: this.endpoint.port,
          path,
          method,
          ca: this.ca,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString("utf8")) }));
          res.on("error", (error) => reject(this.failure(method, path, error)));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on("error", (error) => reject(this.failure(method, path, error)));
      req.end(payload);
    });
  }

  private failure(method: string, path: string, error: Error): StateError {
    return new StateError(`Kubernetes API ${method} https://${this.endpoint.host}:${this.endpoint.port}${path} failed: ${error.message}`);
  }
}

async function readServiceAccountFile(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new StateError(`cannot read the service account's ${name} at ${path} (${(error as Error).message}); is the token mounted (automountServiceAccountToken)?`);
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
