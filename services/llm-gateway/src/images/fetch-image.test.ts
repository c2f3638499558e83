import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddressPolicy } from "./address-policy.ts";
import { ImageFetcher } from "./fetch-image.ts";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const loopbackAllowed = new AddressPolicy([{ address: "127.0.0.1", prefix: 32, family: "ipv4" }]);

describe("ImageFetcher", () => {
  let server: Server;
  let base: string;
  let port: number;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/cat.png") return void res.end(PNG);
      if (req.url === "/big") return void res.end(Buffer.alloc(5000));
      if (req.url === "/to-private") return void res.writeHead(302, { location: `http://127.0.0.2:${port}/cat.png` }).end();
      if (req.url === "/to-metadata-name") return void res.writeHead(302, { location: "http://metadata.test/latest" }).end();
      if (req.url === "/slow") return;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const limits = (maxBytes = 100_000) => ({ maxBytes, signal: AbortSignal.timeout(60_000) });

  it("fetches an image from an allowed address", async () => {
    expect(await new ImageFetcher(loopbackAllowed).fetch(`${base}/cat.png`, limits())).toEqual(PNG);
  });

  it("refuses a literal private address without connecting", async () => {
    const before = requests.length;
    await expect(new ImageFetcher(new AddressPolicy()).fetch(`${base}/cat.png`, limits())).rejects.toThrow(/127\.0\.0\.1, a private, loopback or link-local/);
    await expect(new ImageFetcher(new AddressPolicy()).fetch("http://[::1]/x", limits())).rejects.toThrow(/::1/);
    expect(requests.length).toBe(before);
  });

  it("refuses a host when any of its addresses is private, and connects only to a checked address", async () => {
    const mixed = new ImageFetcher(new AddressPolicy(), (_host, callback) =>
      callback(null, [
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.5", family: 4 },
      ]),
    );
    await expect(mixed.fetch("http://images.test/cat.png", limits())).rejects.toThrow(/10\.0\.0\.5/);
    const pinned = new ImageFetcher(loopbackAllowed, (_host, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]));
    expect(await pinned.fetch(`http://images.test:${port}/cat.png`, limits())).toEqual(PNG);
  });

  it("refuses redirects to private addresses, literal or by name", async () => {
    const fetcher = new ImageFetcher(loopbackAllowed, (host, callback) =>
      callback(null, [{ address: host === "metadata.test" ? "169.254.169.254" : "127.0.0.1", family: 4 }]),
    );
    await expect(fetcher.fetch(`${base}/to-private`, limits())).rejects.toThrow(/127\.0\.0\.2/);
    await expect(fetcher.fetch(`${base}/to-metadata-name`, limits())).rejects.toThrow(/169\.254\.169\.254/);
  });

  it("stops at the size limit, at the time limit, and on an error status", async () => {
    const fetcher = new ImageFetcher(loopbackAllowed);
    await expect(fetcher.fetch(`${base}/big`, limits(1000))).rejects.toThrow(/larger than the 1000 bytes/);
    const slow = fetcher.fetch(`${base}/slow`, { maxBytes: 1000, signal: AbortSignal.timeout(100) });
    await expect(slow).rejects.toThrow(/IMAGE_FETCH_TIMEOUT_MS/);
    await expect(fetcher.fetch(`${base}/missing`, limits())).rejects.toThrow(/HTTP 404/);
    await expect(fetcher.fetch("file:///etc/passwd", limits())).rejects.toThrow(/file: URLs are not fetched/);
  });
});
