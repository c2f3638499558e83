import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";

export interface HttpsClientOptions {
  /** PEM of the only CA trusted; absent: the system's CAs (a stack with Let's Encrypt). */
  readonly ca?: string;
  /** host → address, used before DNS (the stack's `hostsEntries`). */
  readonly hosts: ReadonlyMap<string, string>;
}

export interface HttpsRequest {
  readonly method?: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** The whole exchange must finish within this. */
  readonly timeoutMs: number;
}

export interface HttpsResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type HttpsClient = (url: string, request: HttpsRequest) => Promise<HttpsResponse>;

/** HTTPS only, trusting only the given CA, reaching hosts at the addresses the stack lists. */
export function httpsClient(options: HttpsClientOptions): HttpsClient {
  return (url, request) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== "https:") {
        reject(new Error(`${url} is not HTTPS`));
        return;
      }
      const body = request.json === undefined ? undefined : JSON.stringify(request.json);
      const req = httpsRequest(
        target,
        {
          method: request.method ?? "GET",
          headers: { ...request.headers, ...(body !== undefined && { "content-type": "application/json", "content-length": Buffer.byteLength(body) }) },
          ...(options.ca !== undefined && { ca: options.ca }),
          lookup: hostsLookup(options.hosts),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") });
          });
          res.on("error", reject);
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${request.timeoutMs / 1000} s`)), request.timeoutMs);
      req.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node:https that answers listed hosts itself and asks DNS for the rest. */
function hostsLookup(hosts: ReadonlyMap<string, string>) {
  return (hostname: string, opts: { all?: boolean }, callback: LookupCallback): void => {
    const address = hosts.get(hostname.toLowerCase());
    if (address === undefined) {
      dnsLookup(hostname, opts, callback as never);
      return;
    }
    const family = isIP(address);
    if (opts.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
