import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Call, JsonServer } from "./json-server.ts";
import type { TestCertificate } from "./tls.ts";

const TOKEN = "unsealer-token";

/**
 * The part of the API server the unsealer uses: Secrets in namespaces, get and create, with
 * a bearer token and answers shaped as Kubernetes shapes them; `allowed` names the Secrets
 * the caller's Role lets it read, the rest answer 403.
 */
export class FakeKube {
  readonly secrets = new Map<string, { data: Record<string, string> }>();

  private constructor(
    readonly server: JsonServer,
    readonly serviceAccountDir: string,
  ) {}

  static async start(certificate: TestCertificate, allowed: readonly string[]): Promise<FakeKube> {
    await Promise.all([writeFile(join(certificate.dir, "ca.crt"), certificate.cert), writeFile(join(certificate.dir, "token"), `${TOKEN}\n`)]);
    let fake: FakeKube | undefined;
    const server = await JsonServer.start(certificate, (call) => fake!.answer(call, allowed));
    fake = new FakeKube(server, certificate.dir);
    return fake;
  }

  api() {
    return { host: "127.0.0.1", port: this.server.port, serviceAccountDir: this.serviceAccountDir };
  }

  private answer(call: Call, allowed: readonly string[]) {
    if (call.headers.authorization !== `Bearer ${TOKEN}`) return status(401, "Unauthorized");
    const one = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(call.path);
    if (call.method === "GET" && one) {
      const [, namespace, name] = one;
      if (!allowed.includes(name!)) return status(403, `secrets "${name}" is forbidden`);
      const secret = this.secrets.get(`${namespace}/${name}`);
      return secret ? { status: 200, body: { kind: "Secret", metadata: { name, namespace }, ...secret } } : status(404, `secrets "${name}" not found`);
    }
    const all = /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/.exec(call.path);
    if (call.method === "POST" && all) {
      const object = call.body as { metadata: { name: string }; data: Record<string, string> };
      const key = `${all[1]}/${object.metadata.name}`;
      if (this.secrets.has(key)) return status(409, `secrets "${object.metadata.name}" already exists`);
      this.secrets.set(key, { data: object.data });
      return { status: 201, body: object };
    }
    return status(404, "the server could not find the requested resource");
  }
}

function status(code: number, message: string) {
  return { status: code, body: { kind: "Status", apiVersion: "v1", status: "Failure", message, code } };
}
