import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface TestServer {
  /** Port on 127.0.0.1. */
  readonly port: number;
  /** Requests seen, as `METHOD path`. */
  readonly seen: string[];
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage & { body: string }, response: ServerResponse) => void;

/** An HTTPS server on 127.0.0.1 with the given certificate, answering with the handler. */
export async function startHttpsServer(tls: { readonly key: string; readonly cert: string }, handler: Handler): Promise<TestServer> {
  const seen: string[] = [];
  const server: Server = createServer(tls, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push(`${request.method} ${request.url}`);
      handler(Object.assign(request, { body: Buffer.concat(chunks).toString("utf8") }), response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Answers with JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
