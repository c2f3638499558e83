import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { PinnedChart } from "../components/lib/charts";
import { fetchChart, writeReference } from "./chart-fetch";
import { loadReference } from "./chart-reference";

const work = mkdtempSync(join(tmpdir(), "chart-fetch-"));

/** A made-up chart packaged as Helm does: `<name>/…` in a gzipped tar, with a subchart whose values must not be taken. */
function packageChart(): Buffer {
  const chart = join(work, "src", "demo");
  mkdirSync(join(chart, "charts", "sub"), { recursive: true });
  writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
  writeFileSync(join(chart, "values.yaml"), "replicas: 1\nimage:\n  tag: v1\n");
  writeFileSync(join(chart, "values.schema.json"), JSON.stringify({ type: "object", properties: { replicas: { type: "integer" } } }));
  writeFileSync(join(chart, "charts", "sub", "values.yaml"), "subchart: true\n");
  const archive = join(work, "demo-1.0.0.tgz");
  execFileSync("tar", ["-czf", archive, "-C", join(work, "src"), "demo"]);
  return readFileSync(archive);
}

const archive = packageChart();
const digest = `sha256:${createHash("sha256").update(archive).digest("hex")}`;
const requests: string[] = [];
let indexDigest = digest.slice("sha256:".length);
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const url = request.url ?? "";
    if (url === "/charts/index.yaml") {
      response.end(stringify({ apiVersion: "v1", entries: { demo: [{ version: "1.0.0", urls: ["demo-1.0.0.tgz"], digest: indexDigest }] } }));
    } else if (url === "/charts/demo-1.0.0.tgz") {
      response.end(archive);
    } else if (url.startsWith("/token?")) {
      response.end(JSON.stringify({ token: "anonymous" }));
    } else if (url.startsWith("/v2/")) {
      if (request.headers.authorization !== "Bearer anonymous") {
        response.writeHead(401, { "WWW-Authenticate": `Bearer realm="${base}/token",service="registry",scope="repository:charts/demo:pull"` }).end();
      } else if (url === "/v2/charts/demo/manifests/1.0.0") {
        response.end(JSON.stringify({ layers: [{ mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", digest }] }));
      } else if (url === `/v2/charts/demo/blobs/${digest}`) {
        response.end(archive);
      } else {
        response.writeHead(404).end();
      }
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const httpPin = (recorded?: string): PinnedChart => ({ repo: `${base}/charts`, chart: "demo", version: "1.0.0", workloads: [], ...(recorded && { digest: recorded }) });
const ociPin = (recorded?: string): PinnedChart => ({ chart: "oci://registry.test/charts/demo", version: "1.0.0", workloads: [], ...(recorded && { digest: recorded }) });
const registryUrl = () => base;

describe("charts:fetch", () => {
  it("takes the archive an HTTP repository's index lists, and only the chart's own files", async () => {
    const fetched = await fetchChart(httpPin(digest));
    expect(fetched.digest).toBe(digest);
    expect([...fetched.files.keys()].sort()).toEqual(["Chart.yaml", "values.schema.json", "values.yaml"]);
    expect(fetched.files.get("values.yaml")!.toString()).toBe("replicas: 1\nimage:\n  tag: v1\n");
  });

  it("pulls an OCI chart's layer with the registry's anonymous token", async () => {
    const fetched = await fetchChart(ociPin(digest), { registryUrl });
    expect(fetched.files.get("Chart.yaml")!.toString()).toContain("name: demo");
    expect(requests).toContain("/token?service=registry&scope=repository%3Acharts%2Fdemo%3Apull");
  });

  it("refuses an archive whose digest is not the one recorded beside the pin", async () => {
    const other = `sha256:${"0".repeat(64)}`;
    await expect(fetchChart(httpPin(other))).rejects.toThrow(`demo 1.0.0: the archive's digest is ${digest}, the pin records ${other}; refusing it`);
    await expect(fetchChart(ociPin(other), { registryUrl })).rejects.toThrow("refusing it");
  });

  it("refuses an unrecorded digest unless asked to record it", async () => {
    await expect(fetchChart(httpPin())).rejects.toThrow(`no digest is recorded beside the pin (downloaded ${digest}); check it and record it, or run with --record`);
    expect((await fetchChart(httpPin(), { record: true })).digest).toBe(digest);
  });

  it("names the address and the reason when the repository cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = { ...httpPin(digest), repo: `http://127.0.0.1:${port}/charts` };
    await expect(fetchChart(unreachable)).rejects.toThrow(`GET http://127.0.0.1:${port}/charts/index.yaml: ECONNREFUSED`);
  });

  it("refuses an archive that does not match its own index", async () => {
    indexDigest = "f".repeat(64);
    try {
      await expect(fetchChart(httpPin(digest))).rejects.toThrow(`the archive does not match the digest its index lists (sha256:${indexDigest})`);
    } finally {
      indexDigest = digest.slice("sha256:".length);
    }
  });

  it("keeps the files where the value checks read them", async () => {
    const cache = join(work, "cache");
    const pin = { ...httpPin(digest), reference: "demo-chart" };
    writeReference(cache, pin, (await fetchChart(pin)).files);
    expect(loadReference("demo-chart", "1.0.0", cache)).toEqual({
      defaults: { replicas: 1, image: { tag: "v1" } },
      schema: { type: "object", properties: { replicas: { type: "integer" } } },
    });
  });
});
