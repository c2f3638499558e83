import { describe, expect, it } from "vitest";
import { isManifest, manifestIdentity } from "./render-files";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { RENDERS } from "./test-renders";
import { waitsFor } from "./waits-for";

interface Gate {
  readonly job: RecordedResource;
  readonly namespace: string;
  readonly webhook: string;
  /** The API group whose objects the gated webhook admits. */
  readonly group: string;
}

interface Container {
  readonly env: readonly { readonly name: string; readonly value: string }[];
}

function gates(recording: Recording): Gate[] {
  return recording.resources
    .filter((r) => r.type === "kubernetes:batch/v1:Job" && (r.inputs.spec as { template: { metadata?: { labels?: Record<string, string> } } }).template.metadata?.labels?.app === "webhook-gate")
    .map((job) => {
      const container = (job.inputs.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0]!;
      const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
      const probe = JSON.parse(env.PROBE_OBJECT!) as { apiVersion: string };
      return { job, namespace: manifestIdentity(job).namespace!, webhook: env.WEBHOOK!, group: probe.apiVersion.split("/")[0]! };
    });
}

const ESO = "external-secrets: validate.secretstore.external-secrets.io";

describe("webhook gates in the stack renders", () => {
  it.each([
    ["dev", ["cert-manager: webhook.cert-manager.io", "cnpg-system: vcluster.cnpg.io", ESO, "metallb-system: ipaddresspoolvalidationwebhook.metallb.io"]],
    ["wsl", ["cert-manager: webhook.cert-manager.io", "cnpg-system: vcluster.cnpg.io", ESO]],
    ["homelab", ["cert-manager: webhook.cert-manager.io", "cnpg-system: vcluster.cnpg.io", ESO, "keda: vscaledobject.kb.io", "metallb-system: ipaddresspoolvalidationwebhook.metallb.io"]],
    ["homelab-metal", []],
  ])("%s gates every webhook-backed operator it installs", async (stack, expected) => {
    expect(gates(await RENDERS[stack]!()).map((g) => `${g.namespace}: ${g.webhook}`).sort()).toEqual(expected);
  });
});

describe.each(Object.keys(RENDERS))("%s", (render) => {
  it("puts each gate between its operator's chart and every custom resource its webhook admits", async () => {
    const recording = await RENDERS[render]!();
    const wait = waitsFor(recording);
    const byName = new Map(recording.resources.map((r) => [r.name, r]));
    // The operator: a chart installed in the gate's namespace, or a release manifest (which makes its own namespace).
    const isOperator = (r: RecordedResource | undefined, namespace: string) =>
      (r?.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.namespace === namespace) || r?.type === "kubernetes:yaml/v2:ConfigFile";
    const problems: string[] = [];
    for (const gate of gates(recording)) {
      if (![...wait(gate.job)].some((name) => isOperator(byName.get(name), gate.namespace))) problems.push(`${gate.job.name} does not wait for an operator installed in ${gate.namespace}`);
      const admitted = recording.resources.filter((r) => isManifest(r) && String(r.inputs.apiVersion).startsWith(`${gate.group}/`));
      for (const object of admitted) if (!wait(object).has(gate.job.name)) problems.push(`${object.name} (${String(object.inputs.kind)}) does not wait for ${gate.job.name}`);
    }
    expect(problems).toEqual([]);
  });

  it("lets each gate reach the API server from its namespace (where a policy restricts it at all)", async () => {
    const recording = await RENDERS[render]!();
    for (const gate of gates(recording)) {
      const egress = recording.resources
        .filter((r) => isManifest(r) && r.inputs.kind === "NetworkPolicy" && manifestIdentity(r).namespace === gate.namespace)
        .flatMap((r) => ((r.inputs.spec as { egress?: { ports?: { port: number }[] }[] }).egress ?? []));
      const ports = egress.flatMap((rule) => rule.ports?.map((p) => p.port) ?? []);
      if (egress.length > 0) expect(ports, gate.namespace).toEqual(expect.arrayContaining([443, 6443, 8443]));
    }
  });
});
