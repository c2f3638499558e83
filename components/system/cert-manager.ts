import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { WebhookGate } from "../lib/webhook-gate";

export interface CertManagerArgs {
  readonly sizing: SizingProfile;
  /**
   * How ACME challenges are proved: HTTP-01 through the Gateway API, or DNS-01 through the
   * DNS provider's API; either way the ACME server must be reachable.
   * @default none (no ACME)
   */
  readonly acme?: "http01" | "dns01";
}

export const CERT_MANAGER_NAMESPACE = "cert-manager";

/**
 * Chart values. CRDs come with the chart (off by default). The post-install API check is a
 * Helm hook that `helm.v4.Chart` never runs, so it is off rather than silently skipped; the
 * component's webhook gate does its work.
 */
export function certManagerValues(args: CertManagerArgs) {
  return {
    crds: { enabled: true },
    startupapicheck: { enabled: false },
    resources: resources(args.sizing, "small"),
    webhook: { resources: resources(args.sizing, "tiny") },
    cainjector: { resources: resources(args.sizing, "small") },
    ...(args.acme === "http01" && {
      config: {
        apiVersion: "controller.config.cert-manager.io/v1alpha1",
        kind: "ControllerConfiguration",
        gatewayAPI: { enabled: true },
      },
    }),
    // The DNS-01 self-check asks over HTTPS (DoH), which the namespace's policy allows,
    // instead of port 53 at the zone's own nameservers, which it does not.
    ...(args.acme === "dns01" && {
      dns01RecursiveNameservers: "https://1.1.1.1/dns-query,https://8.8.8.8/dns-query",
      dns01RecursiveNameserversOnly: true,
    }),
  };
}

function allows(acme: boolean): NetworkAllow[] {
  return [
    { kind: "api-server" },
    // 10250: the webhook, called by the API server.
    { kind: "from-anywhere", ports: [10250] },
    ...(acme
      ? ([
          { kind: "to-internet", ports: [80, 443] },
          // The HTTP-01 self-check reaches the ingress address, which lands on Traefik's pods.
          { kind: "to-namespace", namespace: "traefik", ports: [8000, 8443] },
        ] as const)
      : []),
  ];
}

/** cert-manager with its CRDs: issues every certificate of the platform. */
export class CertManager extends pulumi.ComponentResource {
  /** The chart. */
  readonly chart: k8s.helm.v4.Chart;
  /** Issuers and certificates depend on this: the chart's CRDs, and its webhook accepting requests. */
  readonly ready: pulumi.Resource;
  readonly namespace = CERT_MANAGER_NAMESPACE;
  readonly namespaceResource: k8s.core.v1.Namespace;

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:CertManager", name, {}, opts);
    const { namespace } = platformNamespace(
      CERT_MANAGER_NAMESPACE,
      { podSecurity: { level: "restricted" }, allow: allows(args.acme !== undefined) },
      { parent: this },
    );
    this.namespaceResource = namespace;
    this.chart = installChart(
      name,
      SYSTEM_CHARTS.certManager,
      { namespace: CERT_MANAGER_NAMESPACE, values: certManagerValues(args) },
      { parent: this, dependsOn: [namespace] },
    );
    this.ready = new WebhookGate(
      `${name}-webhook-gate`,
      {
        webhook: "webhook.cert-manager.io",
        namespace: CERT_MANAGER_NAMESPACE,
        namespaceResource: namespace,
        probe: { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", resource: "clusterissuers", namespaced: false, spec: { selfSigned: {} } },
        operator: this.chart,
        operatorVersion: SYSTEM_CHARTS.certManager.version,
        sizing: args.sizing,
      },
      { parent: this },
    );
    this.registerOutputs({ chart: this.chart, ready: this.ready, namespace: this.namespace, namespaceResource: this.namespaceResource });
  }
}
