import { type CheckedResource, identify, isObject, kindOf, metadataMap } from "../resource";

/**
 * The annotation the platform sets on the Services it means to get an outside address
 * (Traefik's, through its chart values). A LoadBalancer Service without it takes an
 * address from the pool that nobody planned for.
 */
export const LOAD_BALANCER_ANNOTATION = "homelab/load-balancer";

/** The value that marks a Service as one of the platform's entrances. */
export const PLATFORM_ENTRANCE = "platform-entrance";

/** Only the platform's own entrances are Services of type LoadBalancer. */
export function loadBalancers(resource: CheckedResource): string[] {
  if (kindOf(resource) !== "Service") return [];
  const spec = isObject(resource.props.spec) ? resource.props.spec : {};
  if (spec.type !== "LoadBalancer") return [];
  const mark = metadataMap(resource, "annotations")[LOAD_BALANCER_ANNOTATION];
  if (mark === PLATFORM_ENTRANCE) return [];
  return [
    `${identify(resource)} is of type LoadBalancer without ${LOAD_BALANCER_ANNOTATION}: ${PLATFORM_ENTRANCE} (got ${mark === undefined ? "no annotation" : JSON.stringify(mark)}); expose HTTP through the shared Gateway, TCP through ingress.tcpEntryPoints`,
  ];
}
