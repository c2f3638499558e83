import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { PLATFORM_ENTRANCE_ANNOTATIONS } from "../lib/platform-entrance";
import { platformNamespace } from "../lib/platform-namespace";
import { SHARED_GATEWAY } from "../lib/shared-gateway";
import { resources } from "../lib/sizing";
import { SYSTEM_CHARTS } from "./charts";

export interface DnsServerArgs {
  /** The zone it answers: every host under it that the cluster's objects name. */
  readonly domain: string;
  /** Its own load-balancer address (MetalLB), where the LAN's resolvers forward the zone. */
  readonly address: string;
  readonly sizing: SizingProfile;
  /** MetalLB's pools: the Service gets its address only once they exist. */
  readonly dependsOn: readonly pulumi.Resource[];
}

const NAMESPACE = "dns";

/** The port CoreDNS listens on inside the pod, unprivileged; the Service answers on 53. */
export const DNS_POD_PORT = 1053;

/**
 * The objects it reads names from: HTTPRoutes (through their Gateway's address) and
 * LoadBalancer Services. The chart derives its ClusterRole from this list, read-only: list
 * and watch on the Gateway API group, Services, EndpointSlices and namespaces, and reading
 * CRDs (to see which APIs exist); no Ingress, Node or external-dns access.
 */
export const WATCHED_RESOURCES = ["HTTPRoute", "Service"] as const;

/**
 * Chart values: the zone, the shared Gateway's routes and LoadBalancer Services as its
 * answers (the chart's own plugins forward every other name to the cluster's resolver),
 * UDP and TCP on a fixed MetalLB address marked as a platform entrance, and a pod that
 * runs restricted.
 */
export function dnsServerValues(args: Pick<DnsServerArgs, "domain" | "address" | "sizing">) {
  return {
    domain: args.domain,
    watchedResources: [...WATCHED_RESOURCES],
    filters: { gatewayClasses: [SHARED_GATEWAY.className] },
    service: { useTcp: true, annotations: { ...PLATFORM_ENTRANCE_ANNOTATIONS, "metallb.io/loadBalancerIPs": args.address } },
    resources: resources(args.sizing, "tiny"),
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
  };
}

/**
 * A DNS server for the platform's domain on its own LAN address (CoreDNS with the
 * k8s_gateway plugin): it answers every host of the shared Gateway from the cluster's own
 * objects, so nobody edits a hosts file once the router forwards the domain here.
 */
export class DnsServer extends pulumi.ComponentResource {
  /** Where resolvers send queries for the domain. */
  readonly address: string;

  constructor(name: string, args: DnsServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:DnsServer", name, {}, opts);
    const { namespace } = platformNamespace(
      NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        // Queries from the LAN over UDP and TCP; the objects it watches from the API server.
        allow: [{ kind: "from-anywhere", ports: [DNS_POD_PORT], protocols: ["UDP", "TCP"] }, { kind: "api-server" }],
      },
      { parent: this },
    );
    installChart(name, SYSTEM_CHARTS.k8sGateway, { namespace: NAMESPACE, values: dnsServerValues(args) }, {
      parent: this,
      dependsOn: [namespace, ...args.dependsOn],
    });
    this.address = args.address;
    this.registerOutputs({ address: this.address });
  }
}
