import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_FAILED, EXIT_MISCONFIGURED, EXIT_OPEN, run } from "./run.ts";
import { CREATED, FakeApiServer, type FakeAnswer, webhookUnreachable } from "./testing/fake-api-server.ts";

const WEBHOOK = "ipaddresspoolvalidationwebhook.metallb.io";
const POOL = { apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "webhook-gate-probe", namespace: "metallb-system" }, spec: { addresses: ["192.0.2.1/32"] } };

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function gate(script: readonly FakeAnswer[], env: Record<string, string> = {}) {
  server = await FakeApiServer.start(script);
  const lines: string[] = [];
  const terminationLog = join(server.serviceAccountDir, "termination-log");
  const code = await run(
    { ...server.podEnv(), WEBHOOK, PROBE_RESOURCE: "ipaddresspools", PROBE_OBJECT: JSON.stringify(POOL), TERMINATION_LOG: terminationLog, ...env },
    (line) => lines.push(line),
  );
  return { code, lines, termination: await readFile(terminationLog, "utf8").catch(() => ""), requests: server.requests };
}

describe("the webhook gate", () => {
  it("retries while the API server cannot call the webhook and opens when it accepts, storing nothing", async () => {
    const result = await gate([webhookUnreachable(WEBHOOK), webhookUnreachable(WEBHOOK), CREATED]);
    expect(result.code).toBe(EXIT_OPEN);
    expect(result.requests).toHaveLength(3);
    for (const request of result.requests) {
      expect(request).toEqual({
        method: "POST",
        path: "/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools?dryRun=All&fieldManager=webhook-gate",
        authorization: "Bearer gate-token",
        body: POOL,
      });
    }
    expect(result.lines[1]).toMatch(/^attempt 1: HTTP 500: Internal error occurred: failed calling webhook "ipaddresspoolvalidationwebhook\.metallb\.io": .*; again in 1 s$/);
    expect(result.lines.at(-1)).toMatch(/^the admission webhook ipaddresspoolvalidationwebhook\.metallb\.io accepts IPAddressPool webhook-gate-probe \(attempt 3, after \d+ s\)$/);
    expect(result.termination).toBe(result.lines.at(-1));
  });

  it("takes a name already taken as accepted: storage is only reached once the webhooks agreed", async () => {
    const result = await gate([{ status: 409, message: 'ipaddresspools.metallb.io "webhook-gate-probe" already exists' }]);
    expect(result.code).toBe(EXIT_OPEN);
  });

  it("fails at the deadline naming the webhook, the sample and the last answer", async () => {
    const result = await gate([webhookUnreachable(WEBHOOK)], { DEADLINE_SECONDS: "1" });
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.requests.length).toBeGreaterThanOrEqual(1);
    const last = result.lines.at(-1)!;
    expect(last).toMatch(
      /^failed: the admission webhook ipaddresspoolvalidationwebhook\.metallb\.io did not accept a dry-run create of IPAddressPool webhook-gate-probe within 1 s \(\d+ attempts?\); last answer: HTTP 500: Internal error occurred: failed calling webhook /,
    );
    expect(result.termination).toBe(last);
  });

  it("fails at once when waiting cannot help: the service account may not create the kind", async () => {
    const forbidden = 'ipaddresspools.metallb.io is forbidden: User "system:serviceaccount:metallb-system:webhook-gate" cannot create resource "ipaddresspools"';
    const result = await gate([{ status: 403, message: forbidden }]);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.requests).toHaveLength(1);
    expect(result.lines.at(-1)).toBe(`failed: the API server refused the dry-run create of IPAddressPool webhook-gate-probe, which waiting will not change: HTTP 403: ${forbidden}`);
  });

  it("fails at the deadline when the API server does not answer at all, saying where it called", async () => {
    const result = await gate([CREATED], { KUBERNETES_SERVICE_PORT: "1", DEADLINE_SECONDS: "1" });
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.requests).toHaveLength(0);
    expect(result.lines.at(-1)).toMatch(/; last answer: no answer from the API server \(https:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\)$/);
  });

  it("exits 2 naming every unusable variable before calling anything", async () => {
    const result = await gate([CREATED], { WEBHOOK: "", PROBE_OBJECT: '{"kind":"IPAddressPool"}', DEADLINE_SECONDS: "soon" });
    expect(result.code).toBe(EXIT_MISCONFIGURED);
    expect(result.requests).toHaveLength(0);
    expect(result.lines.at(-1)).toBe(
      [
        "webhook-gate configuration has 3 problems:",
        "  - WEBHOOK: required",
        "  - PROBE_OBJECT: expected an object with apiVersion, kind and metadata.name (and metadata.namespace for a namespaced kind)",
        '  - DEADLINE_SECONDS: expected a whole number of 1 or more; got "soon"',
      ].join("\n"),
    );
  });
});
