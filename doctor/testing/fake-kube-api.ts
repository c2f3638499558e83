import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import type { KeyPair } from "./certificates";

/** The objects the fake serves, as the API server would list them; tests change them per case. */
export interface FakeCluster {
  gitVersion: string;
  nodes: unknown[];
  services: unknown[];
  storageClasses: unknown[];
  runtimeClasses: unknown[];
}

const LISTS: Readonly<Record<string, keyof FakeCluster>> = {
  "/api/v1/nodes": "nodes",
  "/api/v1/services": "services",
  "/apis/storage.k8s.io/v1/storageclasses": "storageClasses",
  "/apis/node.k8s.io/v1/runtimeclasses": "runtimeClasses",
};

/**
 * The read-only part of the Kubernetes API the doctor uses, over HTTPS with a certificate
 * made for the test. Like an API server it accepts a client certificate signed by its
 * client CA or a bearer token, and answers 401 to anyone else.
 */
export class FakeKubeApi {
  readonly paths: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly cluster: FakeCluster,
  ) {}

  static async start(serverPair: KeyPair, clientCa: string, token: string, cluster: FakeCluster): Promise<FakeKubeApi> {
    const server = createServer({ ...serverPair, ca: clientCa, requestCert: true, rejectUnauthorized: false });
    const fake = new FakeKubeApi(server, cluster);
    server.on("request", (req, res) => fake.handle(req, res, token));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, token: string): void {
    const path = req.url ?? "/";
    this.paths.push(path);
    const certified = (req.socket as TLSSocket).authorized;
    if (!certified && req.headers.authorization !== `Bearer ${token}`) return json(res, 401, status(401, "Unauthorized"));
    if (path === "/version") return json(res, 200, { major: "1", minor: "31", gitVersion: this.cluster.gitVersion });
    const list = LISTS[path];
    if (!list) return json(res, 404, status(404, "the server could not find the requested resource"));
    json(res, 200, { kind: "List", apiVersion: "v1", metadata: {}, items: this.cluster[list] });
  }
}

function status(code: number, message: string) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code };
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
}
