import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { selfSignedCert } from "./self-signed-cert.ts";
import { makeTempDir, type TempDir } from "./temp-dir.ts";
import { json, readJson } from "./http-json.ts";

type Verb = "get" | "create" | "update";

export interface ConfigMapObject {
  apiVersion: "v1";
  kind: "ConfigMap";
  metadata: { name: string; namespace: string; resourceVersion: string; [field: string]: unknown };
  data?: Record<string, string>;
}

export interface FakeKubeOptions {
  readonly namespace?: string;
  /** Verbs the service account's Role does not allow: answered 403 as the API server would. */
  readonly forbidden?: readonly Verb[];
}

/**
 * The ConfigMap part of the Kubernetes API, over HTTPS with a certificate made for the test,
 * and a service-account directory holding its CA, a token and the namespace: what a pod has.
 */
export class FakeKube {
  readonly configMaps = new Map<string, ConfigMapObject>();
  readonly requests: { method: string; path: string }[] = [];
  private nextVersion = 1;

  private constructor(
    private readonly server: Server,
    private readonly dir: TempDir,
    readonly namespace: string,
    private readonly token: string,
    private readonly forbidden: readonly Verb[],
  ) {}

  static async start(options: FakeKubeOptions = {}): Promise<FakeKube> {
    const dir = await makeTempDir("fake-kube");
    const { key, cert } = await selfSignedCert(dir.path);
    const namespace = options.namespace ?? "llm";
    const token = `token-${Math.random().toString(36).slice(2)}`;
    await Promise.all([
      writeFile(join(dir.path, "ca.crt"), cert),
      writeFile(join(dir.path, "token"), `${token}\n`),
      writeFile(join(dir.path, "namespace"), namespace),
    ]);
    const server = createServer({ key, cert });
    const fake = new FakeKube(server, dir, namespace, token, options.forbidden ?? []);
    server.on("request", (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get serviceAccountDir(): string {
    return this.dir.path;
  }

  /** The variables a pod gets, pointed at this server. */
  podEnv(): Record<string, string> {
    return { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: String(this.port), SERVICE_ACCOUNT_DIR: this.dir.path };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.dir.remove();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    this.requests.push({ method, path });
    const body = await readJson(req);
    if (req.headers.authorization !== `Bearer ${this.token}`) return status(res, 401, "Unauthorized", "Unauthorized");
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps(?:\/([^/]+))?$/.exec(path);
    if (!match || match[1] !== this.namespace) return status(res, 404, "NotFound", "the server could not find the requested resource");
    const name = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (method === "GET" && name) return this.get(res, name);
    if (method === "POST" && !name) return this.create(res, body as ConfigMapObject);
    if (method === "PUT" && name) return this.update(res, name, body as ConfigMapObject);
    return status(res, 405, "MethodNotAllowed", `${method} is not supported here`);
  }

  private get(res: ServerResponse, name: string): void {
    if (this.denied(res, "get", name)) return;
    const found = this.configMaps.get(name);
    if (!found) return status(res, 404, "NotFound", `configmaps "${name}" not found`);
    json(res, 200, found);
  }

  private create(res: ServerResponse, object: ConfigMapObject): void {
    const name = object.metadata.name;
    if (this.denied(res, "create", name)) return;
    if (this.configMaps.has(name)) return status(res, 409, "AlreadyExists", `configmaps "${name}" already exists`);
    json(res, 201, this.store(object));
  }

  private update(res: ServerResponse, name: string, object: ConfigMapObject): void {
    if (this.denied(res, "update", name)) return;
    const found = this.configMaps.get(name);
    if (!found) return status(res, 404, "NotFound", `configmaps "${name}" not found`);
    if (object.metadata.resourceVersion !== found.metadata.resourceVersion) {
      return status(res, 409, "Conflict", `Operation cannot be fulfilled on configmaps "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    json(res, 200, this.store(object));
  }

  private store(object: ConfigMapObject): ConfigMapObject {
    const stored = { ...object, metadata: { ...object.metadata, namespace: this.namespace, resourceVersion: String(this.nextVersion++) } };
    this.configMaps.set(stored.metadata.name, stored);
    return stored;
  }

  private denied(res: ServerResponse, verb: Verb, name: string): boolean {
    if (!this.forbidden.includes(verb)) return false;
    status(res, 403, "Forbidden", `configmaps "${name}" is forbidden: User "system:serviceaccount:${this.namespace}:model-sync" cannot ${verb} resource "configmaps" in API group "" in the namespace "${this.namespace}"`);
    return true;
  }
}



function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
}
