import { describe, expect, it } from "vitest";
import { isManifest, manifestIdentity } from "./render-files";
import type { Recording } from "./run-under-mocks";
import { RENDERS } from "./test-renders";

interface Peer {
  readonly namespaceSelector?: { readonly matchLabels?: Record<string, string> };
  readonly podSelector?: object;
  readonly ipBlock?: object;
}
interface Rule {
  readonly from?: readonly Peer[];
  readonly to?: readonly Peer[];
  readonly ports?: readonly { readonly port: number }[];
}
interface Policy {
  readonly namespace: string;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
}

const NAME = "kubernetes.io/metadata.name";

function policies(recording: Recording): Policy[] {
  return recording.resources
    .filter((r) => isManifest(r) && r.inputs.kind === "NetworkPolicy")
    .map((r) => {
      const spec = r.inputs.spec as { ingress?: Rule[]; egress?: Rule[] };
      return { namespace: manifestIdentity(r).namespace!, ingress: spec.ingress ?? [], egress: spec.egress ?? [] };
    });
}

/** Namespaces a peer list names by name (namespace selectors only). */
function named(peers: readonly Peer[] | undefined): string[] {
  return (peers ?? []).flatMap((p) => (p.namespaceSelector?.matchLabels?.[NAME] ? [p.namespaceSelector.matchLabels[NAME]!] : []));
}

/** Each namespace's labels, the name label Kubernetes adds included. */
function namespaceLabels(recording: Recording): Map<string, Record<string, string>> {
  return new Map(
    recording.resources
      .filter((r) => isManifest(r) && r.inputs.kind === "Namespace")
      .map((r) => {
        const name = manifestIdentity(r).name;
        const labels = (r.inputs.metadata as { labels?: Record<string, string> }).labels ?? {};
        return [name, { ...labels, [NAME]: name }];
      }),
  );
}

/** A namespace selector picks a namespace by its name label or by labels it opted in with. */
function selects(peer: Peer, namespace: string, labels: Map<string, Record<string, string>>): boolean {
  const wanted = peer.namespaceSelector?.matchLabels;
  if (!wanted) return false;
  const has = labels.get(namespace) ?? { [NAME]: namespace };
  return Object.entries(wanted).every(([key, value]) => has[key] === value);
}

function admits(policy: Policy, from: string, port: number | undefined, labels: Map<string, Record<string, string>>): boolean {
  return policy.ingress.some((rule) => {
    const portOk = !rule.ports || port === undefined || rule.ports.some((p) => p.port === port);
    const peerOk =
      !rule.from || rule.from.some((p) => selects(p, from, labels)) || (from === policy.namespace && rule.from.some((p) => p.podSelector && !p.namespaceSelector));
    return portOk && peerOk;
  });
}

describe.each(Object.keys(RENDERS))("%s", (render) => {
  it("lets in, on the receiving side, every call one namespace's policy lets out to another", async () => {
    const recording = await RENDERS[render]!();
    const all = policies(recording);
    const labels = namespaceLabels(recording);
    const byNamespace = new Map<string, Policy[]>();
    for (const p of all) byNamespace.set(p.namespace, [...(byNamespace.get(p.namespace) ?? []), p]);
    const refused: string[] = [];
    for (const policy of all) {
      for (const rule of policy.egress) {
        for (const target of named(rule.to)) {
          const receiving = byNamespace.get(target);
          if (!receiving || target === "kube-system") continue;
          for (const port of rule.ports?.map((p) => p.port) ?? [undefined]) {
            if (!receiving.some((p) => admits(p, policy.namespace, port, labels))) refused.push(`${policy.namespace} → ${target}:${port ?? "any"}`);
          }
        }
      }
    }
    expect(refused).toEqual([]);
  });
});
