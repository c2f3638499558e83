import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

export interface FakeAnswer {
  readonly status: number;
  readonly message: string;
}

/** What the API server says while a webhook's Service has no ready endpoint (its wording, shortened). */
export function webhookUnreachable(webhook: string): FakeAnswer {
  return {
    status: 500,
    message: `Internal error occurred: failed calling webhook "${webhook}": failed to call webhook: Post "https://webhook-service.svc:443/validate": dial tcp 10.43.0.10:443: connect: connection refused`,
  };
}

export const CREATED: FakeAnswer = { status: 201, message: "" };

/**
 * An API server over HTTPS with a certificate made for the test, answering POSTs from a
 * script of answers (the last one repeats), and a service-account directory holding its CA
 * and a token: what a pod has.
 */
export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
  ) {}

  static async start(script: readonly FakeAnswer[]): Promise<FakeApiServer> {
    const dir = await mkdtemp(join(tmpdir(), "fake-api-"));
    const { key, cert } = await selfSignedCert(dir);
    await Promise.all([writeFile(join(dir, "ca.crt"), cert), writeFile(join(dir, "token"), "gate-token\n")]);
    const server = createServer({ key, cert });
    const fake = new FakeApiServer(server, dir);
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        fake.requests.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body: text ? JSON.parse(text) : undefined });
        const answer = script[Math.min(fake.requests.length, script.length) - 1]!;
        const body = answer.status < 300 ? fake.requests.at(-1)!.body : { kind: "Status", apiVersion: "v1", status: "Failure", message: answer.message, code: answer.status };
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** The variables a pod gets, pointed at this server. */
  podEnv(): Record<string, string> {
    return { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: String((this.server.address() as AddressInfo).port), SERVICE_ACCOUNT_DIR: this.dir };
  }

  get serviceAccountDir(): string {
    return this.dir;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A certificate for 127.0.0.1 made with the openssl CLI, so the client checks it against a CA as in a pod. */
async function selfSignedCert(dir: string): Promise<{ key: string; cert: string }> {
  const keyPath = join(dir, "tls.key");
  const certPath = join(dir, "tls.crt");
  await promisify(execFile)("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyPath, "-out", certPath, "-days", "1",
    "-subj", "/CN=kubernetes", "-addext", "subjectAltName=IP:127.0.0.1",
  ]);
  const [key, cert] = await Promise.all([readFile(keyPath, "utf8"), readFile(certPath, "utf8")]);
  return { key, cert };
}
