import type { IncomingMessage } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TestCertificate } from "./tls.ts";

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: unknown;
}

export type Handler = (call: Call) => { status: number; body?: unknown };

/** An HTTPS server answering JSON calls through one handler, recording each call. */
export class JsonServer {
  readonly calls: Call[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(certificate: TestCertificate, handler: Handler): Promise<JsonServer> {
    const server = createServer({ key: certificate.key, cert: certificate.cert });
    let json: JsonServer | undefined;
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const call = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: text ? JSON.parse(text) : undefined };
        json!.calls.push(call);
        const answer = handler(call);
        res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body === undefined ? "" : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    json = new JsonServer(server, (server.address() as AddressInfo).port);
    return json;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
