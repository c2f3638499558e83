import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { callJson } from "./http-json.ts";

/** Where the pod's API server is, and its service account (token and cluster CA). */
export interface KubeApi {
  readonly host: string;
  readonly port: number;
  readonly serviceAccountDir: string;
}

/** What the unsealer keeps: enough to unseal Vault and to recover it by hand. */
export interface RecoveryMaterial {
  readonly unsealKeys: readonly string[];
  readonly rootToken: string;
}

const KEYS = "unseal-keys";
const ROOT_TOKEN = "root-token";

/**
 * The one Secret that holds Vault's recovery material, read and created through the API
 * server with the pod's own token: its Role allows only this Secret's name (and `create`,
 * which Kubernetes cannot limit to a name).
 */
export class RecoverySecret {
  constructor(
    private readonly api: KubeApi,
    private readonly namespace: string,
    private readonly name: string,
  ) {}

  /** The material, or undefined when the Secret does not exist yet. */
  async read(): Promise<RecoveryMaterial | undefined> {
    const answer = await this.call("GET", `/api/v1/namespaces/${this.namespace}/secrets/${this.name}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`cannot read Secret ${this.namespace}/${this.name}: HTTP ${answer.status}: ${messageOf(answer.body)}`);
    const data = (answer.body as { data?: Record<string, string> }).data ?? {};
    const keys = data[KEYS];
    const token = data[ROOT_TOKEN];
    if (keys === undefined || token === undefined) throw new Error(`Secret ${this.namespace}/${this.name} lacks ${KEYS} or ${ROOT_TOKEN}; it was not written by the unsealer`);
    return { unsealKeys: JSON.parse(decode(keys)) as string[], rootToken: decode(token) };
  }

  /** Stores the material; refuses to overwrite a Secret that exists (409), which would lose the old keys. */
  async create(material: RecoveryMaterial): Promise<void> {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: this.name, namespace: this.namespace },
      data: { [KEYS]: encode(JSON.stringify(material.unsealKeys)), [ROOT_TOKEN]: encode(material.rootToken) },
    };
    const answer = await this.call("POST", `/api/v1/namespaces/${this.namespace}/secrets`, secret);
    if (answer.status !== 201) throw new Error(`cannot create Secret ${this.namespace}/${this.name}: HTTP ${answer.status}: ${messageOf(answer.body)}`);
  }

  private async call(method: "GET" | "POST", path: string, body?: unknown) {
    // Read on every call: the kubelet rotates projected tokens while the pod runs.
    const [ca, token] = await Promise.all([
      readFile(join(this.api.serviceAccountDir, "ca.crt"), "utf8"),
      readFile(join(this.api.serviceAccountDir, "token"), "utf8"),
    ]);
    return callJson(`https://${this.api.host}:${this.api.port}${path}`, { method, body, ca, headers: { authorization: `Bearer ${token.trim()}` } });
  }
}

const encode = (text: string) => Buffer.from(text, "utf8").toString("base64");
const decode = (base64: string) => Buffer.from(base64, "base64").toString("utf8");

function messageOf(body: unknown): string {
  return (body as { message?: string } | undefined)?.message ?? JSON.stringify(body ?? "");
}
