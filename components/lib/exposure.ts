import type * as pulumi from "@pulumi/pulumi";
import type { EndpointRegistry } from "./endpoints";

/**
 * What a layer needs to publish a service: the platform domain, the address the host
 * names resolve to, where URLs are recorded, and which Gateway listener serves a host.
 */
export interface Exposure {
  readonly domain: string;
  /** The ingress address every `<name>.<domain>` points at. */
  readonly address: string;
  readonly endpoints: EndpointRegistry;
  /** The HTTPS listener of the shared Gateway that serves `<name>.<domain>`. */
  readonly httpsListener: (name: string) => string;
  /** The port Traefik's pods serve HTTPS on: pods that call a platform URL go through it. */
  readonly gatewayPodHttpsPort: number;
  /** What routes wait for: the Gateway API CRDs. */
  readonly dependsOn: readonly pulumi.Resource[];
}
