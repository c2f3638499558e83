import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { WebhookGate } from "../lib/webhook-gate";

export interface AddressPool {
  /** Name of the IPAddressPool. */
  readonly name: string;
  /** Ranges (`a.b.c.d-e.f.g.h`) or CIDRs, as MetalLB takes them. */
  readonly addresses: readonly string[];
}

export interface MetalLbArgs {
  /** Pools announced on the node network with ARP (layer 2). */
  readonly pools: readonly AddressPool[];
  readonly sizing: SizingProfile;
}

const NAMESPACE = "metallb-system";

/** Chart values: layer 2 only, so the BGP stack (frr-k8s, on by default since 0.16) stays off. */
export function metalLbValues(sizing: SizingProfile) {
  return {
    frrk8s: { enabled: false },
    controller: { resources: resources(sizing, "small") },
    speaker: { resources: resources(sizing, "small") },
  };
}

/**
 * MetalLB answering ARP for the stack's address pools, so LoadBalancer Services get an
 * address on the node network.
 */
export class MetalLb extends pulumi.ComponentResource {
  /** The pools, ready for Services to draw from; depend on them to get an address promptly. */
  readonly pools: k8s.apiextensions.CustomResource[];

  constructor(name: string, args: MetalLbArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:MetalLb", name, {}, opts);
    const { namespace } = platformNamespace(
      NAMESPACE,
      {
        podSecurity: { level: "privileged", reason: "the speaker answers ARP on the host network and needs NET_RAW" },
        // 9443: the controller's admission webhook, called by the API server.
        allow: [{ kind: "api-server" }, { kind: "from-anywhere", ports: [9443] }],
      },
      { parent: this },
    );
    const chart = installChart(
      name,
      SYSTEM_CHARTS.metallb,
      { namespace: NAMESPACE, values: metalLbValues(args.sizing) },
      { parent: this, dependsOn: [namespace] },
    );
    // Pools need the chart's CRDs and its webhook accepting requests: they wait for the gate.
    const gate = new WebhookGate(
      `${name}-webhook-gate`,
      {
        webhook: "ipaddresspoolvalidationwebhook.metallb.io",
        namespace: NAMESPACE,
        namespaceResource: namespace,
        // 192.0.2.1 is a documentation address (RFC 5737): no real pool overlaps it, which the webhook would refuse.
        probe: { apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", resource: "ipaddresspools", namespaced: true, spec: { addresses: ["192.0.2.1/32"], autoAssign: false } },
        operator: chart,
        operatorVersion: SYSTEM_CHARTS.metallb.version,
        sizing: args.sizing,
      },
      { parent: this },
    );
    this.pools = args.pools.map(
      (pool) =>
        new k8s.apiextensions.CustomResource(
          `${name}-pool-${pool.name}`,
          {
            apiVersion: "metallb.io/v1beta1",
            kind: "IPAddressPool",
            metadata: { name: pool.name, namespace: NAMESPACE },
            spec: { addresses: [...pool.addresses] },
          },
          { parent: this, dependsOn: [gate] },
        ),
    );
    new k8s.apiextensions.CustomResource(
      `${name}-l2`,
      {
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: "all-pools", namespace: NAMESPACE },
        spec: { ipAddressPools: args.pools.map((p) => p.name) },
      },
      { parent: this, dependsOn: [gate] },
    );
    this.registerOutputs({ pools: this.pools });
  }
}
