import { type CheckedResource, identify, groupOf, isObject, kindOf } from "../resource";

/** The one Gateway every exposed service attaches to (components/lib/shared-gateway.ts). */
export const SHARED_GATEWAY = { namespace: "traefik", name: "platform" } as const;

const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** Routes that carry HTTP and so must hang off the shared Gateway. */
const HTTP_ROUTES = ["HTTPRoute", "GRPCRoute"];

/**
 * HTTP reaches the cluster only through the shared Gateway, where TLS, the hosts list and
 * the endpoints output are decided: no Ingress, no Traefik IngressRoute, no other Gateway,
 * and every HTTP route's parents are that Gateway.
 */
export function sharedGatewayOnly(resource: CheckedResource): string[] {
  const kind = kindOf(resource);
  const subject = identify(resource);
  const shared = `${SHARED_GATEWAY.namespace}/${SHARED_GATEWAY.name}`;
  if (kind === "Ingress") return [`${subject}: Ingress is not used; expose the Service with exposeService on the shared Gateway ${shared}`];
  if (kind === "IngressRoute" && groupOf(resource).startsWith("traefik.")) {
    return [`${subject}: Traefik IngressRoute bypasses the shared Gateway ${shared}; use exposeService`];
  }
  if (kind === "Gateway" && groupOf(resource) === GATEWAY_GROUP && !isShared(resource.props.metadata)) {
    return [`${subject}: only the shared Gateway ${shared} may exist`];
  }
  if (kind !== undefined && HTTP_ROUTES.includes(kind) && groupOf(resource) === GATEWAY_GROUP) return routeProblems(resource, subject, shared);
  return [];
}

function routeProblems(resource: CheckedResource, subject: string, shared: string): string[] {
  const spec = isObject(resource.props.spec) ? resource.props.spec : {};
  const parents = Array.isArray(spec.parentRefs) ? spec.parentRefs.filter(isObject) : [];
  if (parents.length === 0) return [`${subject} names no parent Gateway; attach it to ${shared}`];
  const metadata = isObject(resource.props.metadata) ? resource.props.metadata : {};
  return parents.flatMap((parent) => {
    // Gateway API defaults: kind Gateway, the route's own namespace.
    const kind = parent.kind ?? "Gateway";
    const namespace = parent.namespace ?? metadata.namespace;
    const named = `${String(kind)} ${String(namespace)}/${String(parent.name)}`;
    return kind === "Gateway" && namespace === SHARED_GATEWAY.namespace && parent.name === SHARED_GATEWAY.name
      ? []
      : [`${subject} attaches to ${named}; HTTP routes attach to the shared Gateway ${shared} only`];
  });
}

function isShared(metadata: unknown): boolean {
  return isObject(metadata) && metadata.namespace === SHARED_GATEWAY.namespace && metadata.name === SHARED_GATEWAY.name;
}
