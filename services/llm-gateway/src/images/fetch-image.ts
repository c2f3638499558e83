import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { AddressPolicy } from "./address-policy.ts";

const MAX_REDIRECTS = 3;

/** Why an image URL could not be fetched, in words for the client. */
export class ImageFetchError extends Error {
  override name = "ImageFetchError";
}

export interface FetchLimits {
  /** The most bytes the image may have. */
  readonly maxBytes: number;
  readonly signal: AbortSignal;
}

type Resolve = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/**
 * Fetches an image a client named by URL, as a careful proxy would: every
 * address the host resolves to must be allowed, the connection goes to an
 * address that was checked (so a second, different DNS answer cannot slip
 * in), redirects are followed by hand and checked the same way, and the body
 * stops at the size limit.
 */
export class ImageFetcher {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly resolve: Resolve = systemResolve,
  ) {}

  async fetch(url: string, limits: FetchLimits): Promise<Buffer> {
    let target = new URL(url);
    for (let redirects = 0; ; redirects++) {
      const response = await this.#get(target, limits.signal);
      const location = response.headers.location;
      if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400 && location) {
        response.resume();
        if (redirects === MAX_REDIRECTS) throw new ImageFetchError(`more than ${MAX_REDIRECTS} redirects`);
        target = new URL(location, target);
        continue;
      }
      if (response.statusCode !== 200) {
        response.resume();
        throw new ImageFetchError(`the server answered HTTP ${response.statusCode}`);
      }
      return readLimited(response, limits.maxBytes);
    }
  }

  #get(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return Promise.reject(new ImageFetchError(`${url.protocol} URLs are not fetched; use http(s) or a data URL`));
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // Literal addresses never reach the lookup, so they are checked here.
    if (isIP(host) && !this.policy.permits(host)) return Promise.reject(refused(host));
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { signal, lookup: this.#lookup(), headers: { accept: "image/*" } }, resolve);
      req.on("error", (error) => reject(error instanceof ImageFetchError ? error : new ImageFetchError(describe(error, signal))));
      req.end();
    });
  }

  #lookup(): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname, (error, addresses) => {
        if (error) return callback(new ImageFetchError(`${hostname} could not be resolved (${(error as NodeJS.ErrnoException).code ?? error.message})`), "", 0);
        const forbidden = addresses.find(({ address }) => !this.policy.permits(address));
        if (forbidden || addresses.length === 0) return callback(forbidden ? refused(forbidden.address) : new ImageFetchError(`${hostname} has no address`), "", 0);
        const first = addresses[0] as LookupAddress;
        if (options.all) (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, addresses);
        else callback(null, first.address, first.family);
      });
    };
  }
}

function refused(address: string): ImageFetchError {
  return new ImageFetchError(`it leads to ${address}, a private, loopback or link-local address; only public addresses are fetched`);
}

function describe(error: Error, signal: AbortSignal): string {
  if (signal.aborted) return "it took longer than IMAGE_FETCH_TIMEOUT_MS";
  return `it could not be fetched (${(error as NodeJS.ErrnoException).code ?? error.message})`;
}

async function readLimited(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new ImageFetchError(`it is larger than the ${maxBytes} bytes left for images (MAX_BODY_BYTES counts decoded images)`);
  if (Number(response.headers["content-length"] ?? 0) > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.destroy();
        throw tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw error instanceof ImageFetchError ? error : new ImageFetchError(`it could not be read (${(error as Error).message})`);
  }
  return Buffer.concat(chunks);
}
