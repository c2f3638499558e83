import type { Exposure } from "./exposure";
import type { NetworkAllow } from "./platform-namespace";
import { SHARED_GATEWAY } from "./shared-gateway";

/** What a pod needs to call `https://<name>.<domain>` (an OIDC issuer) the way a browser does. */
export interface PlatformUrlCalls {
  /** Egress to Traefik's HTTPS port: the ingress address is translated to Traefik's pods before policies see it. */
  readonly allow: NetworkAllow;
  /**
   * The hosts at the ingress address, for the pod's `hostAliases`, so they resolve inside
   * the cluster without a DNS server for the domain. Empty where the address is the host's
   * loopback (`minikube tunnel` on macOS and Windows), which a pod cannot reach: there the
   * cluster's DNS must answer for the domain.
   */
  readonly hostAliases: { ip: string; hostnames: string[] }[];
}

/** Calls from a pod to platform URLs with these host labels, through the shared Gateway. */
export function platformUrlCalls(exposure: Exposure, names: readonly string[]): PlatformUrlCalls {
  const loopback = exposure.address.startsWith("127.");
  return {
    allow: { kind: "to-namespace", namespace: SHARED_GATEWAY.namespace, ports: [exposure.gatewayPodHttpsPort] },
    hostAliases: loopback || names.length === 0 ? [] : [{ ip: exposure.address, hostnames: names.map((name) => `${name}.${exposure.domain}`) }],
  };
}
