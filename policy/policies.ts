import type { Rule } from "./resource";
import { containerResources } from "./rules/container-resources";
import { imageTags } from "./rules/image-tags";
import { keptData } from "./rules/kept-data";
import { loadBalancers } from "./rules/load-balancers";
import { noSecretsInConfigMaps } from "./rules/no-secrets-in-config-maps";
import { pinnedCharts } from "./rules/pinned-charts";
import { podSecurityLabels } from "./rules/pod-security-labels";
import { sharedGatewayOnly } from "./rules/shared-gateway-only";

export interface HomelabPolicy {
  /** Policy name as `pulumi preview` prints it. */
  readonly name: string;
  readonly description: string;
  readonly check: Rule;
}

/** Every guard rail, each mandatory: a violation stops `pulumi preview` and `pulumi up`. */
export const POLICIES: readonly HomelabPolicy[] = [
  { name: "charts-pinned", description: "Helm charts are installed at an exact version.", check: pinnedCharts },
  { name: "images-tagged", description: "Images have an exact tag or a digest, never latest.", check: imageTags },
  { name: "containers-sized", description: "Every container has CPU and memory requests and limits.", check: containerResources },
  { name: "namespaces-pod-security", description: "Every namespace has a Pod Security enforce label.", check: podSecurityLabels },
  { name: "data-kept", description: "Volume claims and databases are kept on destroy (retainOnDelete).", check: keptData },
  { name: "http-through-shared-gateway", description: "HTTP is exposed only through the shared Gateway.", check: sharedGatewayOnly },
  { name: "load-balancers-planned", description: "Only the platform's entrances are LoadBalancer Services.", check: loadBalancers },
  { name: "no-secrets-in-config-maps", description: "ConfigMaps hold no credentials.", check: noSecretsInConfigMaps },
];
