import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { createRequire } from "node:module";
import { runInThisContext } from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { Secret } from "../../render/secret";
import { ApiReadiness, waitForApiReady, type ReadinessCheck } from "./readiness";

/**
 * The readiness wait against a real HTTPS server on loopback that, like the API server,
 * demands a client certificate. Certificates are made here with openssl, so nothing is a
 * fixture and nothing leaves the machine.
 */

interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

const scratch = mkdtempSync(join(tmpdir(), "homelab-readiness-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function selfSigned(name: string, subject: string, extensions: string[] = []): KeyPair {
  const key = join(scratch, `${name}.key`);
  const cert = join(scratch, `${name}.crt`);
  const args = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const ext = extensions.flatMap((e) => ["-addext", e]);
  try {
    execFileSync("openssl", [...args, "-keyout", key, "-out", cert, "-days", "1", "-subj", subject, ...ext], { stdio: "pipe" });
  } catch (error) {
    throw new Error(`this test makes its certificates with openssl (apt-get install openssl): ${(error as Error).message}`);
  }
  return { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") };
}

let serverPair: KeyPair;
let clientPair: KeyPair;
beforeAll(() => {
  serverPair = selfSigned("server", "/CN=k3s", ["subjectAltName=IP:127.0.0.1", "basicConstraints=critical,CA:TRUE"]);
  clientPair = selfSigned("admin", "/O=system:masters/CN=homelab-admin");
});

interface Api {
  readonly url: string;
  /** Subject CN of the client certificate each request presented. */
  readonly clients: string[];
}

let server: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);

/** An answer, or `silent`: the request is accepted and never answered. */
type ApiAnswer = { readonly status: number; readonly body: string } | "silent";

/** An API that answers each request with the next of `answers`, the last one for ever after. */
function startApi(answers: readonly ApiAnswer[]): Promise<Api> {
  const clients: string[] = [];
  const api = createServer({ ...serverPair, ca: clientPair.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    clients.push(String((req.socket as TLSSocket).getPeerCertificate().subject.CN));
    const answer = answers[Math.min(clients.length - 1, answers.length - 1)]!;
    if (answer !== "silent") res.writeHead(req.url === "/readyz" ? answer.status : 404).end(answer.body);
  });
  server = api;
  return new Promise((resolve) =>
    api.listen(0, "127.0.0.1", () => resolve({ url: `https://127.0.0.1:${(api.address() as AddressInfo).port}`, clients })),
  );
}

function check(apiServer: string, overrides: Partial<ReadinessCheck> = {}): ReadinessCheck {
  return {
    apiServer,
    caCertPem: serverPair.cert,
    clientCertPem: clientPair.cert,
    clientKeyPem: clientPair.key,
    timeoutMs: 5_000,
    intervalMs: 20,
    ...overrides,
  };
}

const notReady = { status: 503, body: "[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n" };
const ready = { status: 200, body: "ok" };

describe("waitForApiReady", () => {
  it("keeps asking through 503s and resolves on the first 200, presenting the client certificate", async () => {
    const api = await startApi([notReady, notReady, ready]);
    await expect(waitForApiReady(check(api.url))).resolves.toBe("HTTP 200: ok");
    expect(api.clients).toEqual(["homelab-admin", "homelab-admin", "homelab-admin"]);
  });

  it("gives up after the time limit, naming the address and the last answer", async () => {
    const api = await startApi([notReady]);
    const started = Date.now();
    // Long enough for several answers even while the rest of the suite loads the machine.
    await expect(waitForApiReady(check(api.url, { timeoutMs: 1_500 }))).rejects.toThrow(
      `the Kubernetes API at ${api.url} was not ready within 1.5 s; last answer: HTTP 503: [+]ping ok [-]etcd failed: reason withheld readyz check failed`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(api.clients.length).toBeGreaterThan(1);
  });

  it("keeps the last real answer when the deadline cuts the final request short", async () => {
    const api = await startApi([notReady, "silent"]);
    await expect(waitForApiReady(check(api.url, { timeoutMs: 1_000 }))).rejects.toThrow(
      `the Kubernetes API at ${api.url} was not ready within 1 s; last answer: HTTP 503: [+]ping ok [-]etcd failed: reason withheld readyz check failed`,
    );
  });

  it("reports a server it does not trust as the last answer, not as ready", async () => {
    const api = await startApi([ready]);
    const stranger = selfSigned("stranger", "/CN=stranger");
    await expect(waitForApiReady(check(api.url, { caCertPem: stranger.cert, timeoutMs: 200 }))).rejects.toThrow(
      /last answer: self[- ]signed certificate/,
    );
    expect(api.clients).toEqual([]);
  });
});

/** As Pulumi's dynamic-provider host does: the text as a CommonJS module exporting `handler`. */
function loadSerializedProvider(code: string): pulumi.dynamic.ResourceProvider {
  const exports: { handler?: () => pulumi.dynamic.ResourceProvider } = {};
  const module = runInThisContext(`(function (exports, require) {\n${code}\n})`) as (e: object, r: NodeRequire) => void;
  module(exports, createRequire(join(scratch, "provider.js")));
  return exports.handler!();
}

describe("ApiReadiness", () => {
  const args = {
    apiServer: "https://192.168.10.10:6443",
    caCertPem: "ca",
    clientCertPem: "cert",
    clientKeyPem: pulumi.secret("key"),
    members: ["k3s-server-1"],
  };

  it("passes the credentials with the key as a secret and waits 20 minutes by default", async () => {
    const recording = await renderComponent(() => new ApiReadiness("api-ready", args));
    const inputs = resource(recording, "pulumi-nodejs:dynamic/metal:ApiReadiness", "api-ready").inputs;
    expect(inputs).toMatchObject({ apiServer: args.apiServer, members: ["k3s-server-1"], timeoutMs: 1_200_000, intervalMs: 5_000 });
    expect(inputs.clientKeyPem).toEqual(new Secret("key"));
  });

  it("serializes a provider that waits for a real API when Pulumi loads it in its own process", async () => {
    const recording = await renderComponent(() => new ApiReadiness("api-ready", args));
    const code = resource(recording, "pulumi-nodejs:dynamic/metal:ApiReadiness", "api-ready").inputs.__provider;
    const provider = loadSerializedProvider(String(code));
    const api = await startApi([notReady, ready]);
    const inputs = { ...check(api.url), members: ["k3s-server-1"] };
    await expect(provider.create(inputs)).resolves.toEqual({
      id: api.url,
      outs: { apiServer: api.url, members: ["k3s-server-1"], answer: "HTTP 200: ok" },
    });
    await expect(provider.diff!(api.url, { ...inputs }, { ...inputs, members: ["k3s-server-1", "k3s-agent-1"] })).resolves.toEqual({
      changes: true,
    });
    await expect(provider.diff!(api.url, { ...inputs }, { ...inputs })).resolves.toEqual({ changes: false });
  });
});
