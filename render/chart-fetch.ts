import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { PinnedChart } from "../components/lib/charts";
import { referenceFilesOf } from "./chart-archive";
import { chartName } from "./chart-reference";

/** Media type of the chart archive layer in an OCI chart manifest. */
const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

export interface FetchOptions {
  /** Accept an archive whose pin records no digest (its digest is returned for the pin). @default false */
  readonly record?: boolean;
  /** Base URL of an OCI registry host. @default `https://<host>` */
  readonly registryUrl?: (host: string) => string;
}

export interface FetchedChart {
  /** `sha256:<hex>` of the archive, checked against the pin's. */
  readonly digest: string;
  /** Reference files by name (values.yaml, values.schema.json, Chart.yaml). */
  readonly files: Map<string, Buffer>;
}

/** Downloads a pinned chart's archive, refuses it unless its digest is the recorded one, and unpacks its reference files. */
export async function fetchChart(pin: PinnedChart, options: FetchOptions = {}): Promise<FetchedChart> {
  const archive = pin.chart.startsWith("oci://")
    ? await archiveFromOci(pin.chart, pin.version, options.registryUrl ?? ((host) => `https://${host}`))
    : await archiveFromRepo(pin);
  const digest = sha256(archive);
  checkDigest(pin, digest, options.record ?? false);
  return { digest, files: referenceFilesOf(archive) };
}

/** Throws unless the archive's digest is the pin's; an unrecorded one passes only when recording. */
function checkDigest(pin: PinnedChart, digest: string, record: boolean): void {
  const what = `${pin.chart} ${pin.version}`;
  if (pin.digest === undefined) {
    if (!record) throw new Error(`${what}: no digest is recorded beside the pin (downloaded ${digest}); check it and record it, or run with --record`);
    return;
  }
  if (pin.digest !== digest) throw new Error(`${what}: the archive's digest is ${digest}, the pin records ${pin.digest}; refusing it`);
}

/** Writes the reference files where the value checks look for them: `<dir>/<folder>/<version>/`. */
export function writeReference(dir: string, pin: PinnedChart, files: Map<string, Buffer>): string {
  const target = join(dir, pin.reference ?? chartName(pin.chart), pin.version);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(target, name), content);
  return target;
}

function sha256(content: Buffer): string {
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

/** A GET whose failure names the address and the network's reason (fetch alone says "fetch failed"). */
async function request(url: string, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(url, { headers, redirect: "follow" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`GET ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}

async function download(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await request(url, headers);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
  return response;
}

interface IndexEntry {
  readonly version: string;
  readonly urls?: readonly string[];
  readonly digest?: string;
}

/** The archive through the HTTP repository's index.yaml, which also lists its digest. */
async function archiveFromRepo(pin: PinnedChart): Promise<Buffer> {
  if (!pin.repo) throw new Error(`${pin.chart} ${pin.version}: neither an oci:// chart nor a repo to read index.yaml from`);
  const base = pin.repo.endsWith("/") ? pin.repo : `${pin.repo}/`;
  const index = parse(await (await download(new URL("index.yaml", base).href)).text()) as { entries?: Record<string, readonly IndexEntry[]> };
  const entry = index.entries?.[pin.chart]?.find((candidate) => candidate.version === pin.version);
  const url = entry?.urls?.[0];
  if (!entry || !url) throw new Error(`${pin.chart} ${pin.version} is not in ${base}index.yaml`);
  const archive = Buffer.from(await (await download(new URL(url, base).href)).arrayBuffer());
  if (entry.digest && sha256(archive) !== `sha256:${entry.digest}`) {
    throw new Error(`${pin.chart} ${pin.version}: the archive does not match the digest its index lists (sha256:${entry.digest})`);
  }
  return archive;
}

/** The chart layer of an OCI artifact, with the registry's anonymous token when it asks for one. */
async function archiveFromOci(reference: string, version: string, registryUrl: (host: string) => string): Promise<Buffer> {
  const [host, ...path] = reference.slice("oci://".length).split("/");
  const base = `${registryUrl(host!)}/v2/${path.join("/")}`;
  // OCI tags cannot hold "+", so Helm pushes "1.0.0+build" as "1.0.0_build".
  const manifestUrl = `${base}/manifests/${version.replace(/\+/g, "_")}`;
  const headers: Record<string, string> = { Accept: OCI_MANIFEST };
  let response = await request(manifestUrl, headers);
  if (response.status === 401) {
    headers.Authorization = `Bearer ${await anonymousToken(response.headers.get("www-authenticate") ?? "")}`;
    response = await request(manifestUrl, headers);
  }
  if (!response.ok) throw new Error(`GET ${manifestUrl}: ${response.status} ${response.statusText}`);
  const manifest = (await response.json()) as { layers?: readonly { mediaType: string; digest: string }[] };
  const layer = manifest.layers?.find((candidate) => candidate.mediaType === HELM_CHART_LAYER);
  if (!layer) throw new Error(`${reference}:${version} has no ${HELM_CHART_LAYER} layer`);
  const archive = Buffer.from(await (await download(`${base}/blobs/${layer.digest}`, headers.Authorization ? { Authorization: headers.Authorization } : {})).arrayBuffer());
  if (sha256(archive) !== layer.digest) throw new Error(`${reference}:${version}: the blob does not match its manifest's digest ${layer.digest}`);
  return archive;
}

/** `Bearer realm="…",service="…",scope="…"` → a token from the realm, as registries hand to anyone for public pulls. */
async function anonymousToken(challenge: string): Promise<string> {
  const fields = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
  if (!fields.realm) throw new Error(`the registry asked for credentials this fetch does not have (${challenge || "no challenge"})`);
  const url = new URL(fields.realm);
  for (const key of ["service", "scope"]) if (fields[key]) url.searchParams.set(key, fields[key]);
  const body = (await (await download(url.href)).json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new Error(`${url.origin} gave no token`);
  return token;
}
