import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Exposure } from "./exposure";
import { SHARED_GATEWAY } from "./shared-gateway";

export interface ExposeServiceArgs {
  /** Host label: the service answers at `https://<name>.<domain>`. */
  readonly name: string;
  /** Namespace of the Service (the route is made there too). */
  readonly namespace: pulumi.Input<string>;
  /** The Service to route to. */
  readonly service: pulumi.Input<string>;
  readonly port: number;
  /**
   * Backend kind: a Service, or a TraefikService such as `api@internal`.
   * @default "Service"
   */
  readonly backendKind?: "Service" | "TraefikService";
  /** Traefik Middlewares (in the route's namespace) applied first, e.g. authentication. @default [] */
  readonly middlewares?: readonly string[];
  /** Path of the landing page, appended to the URL in `endpoints`. @default "" */
  readonly path?: string;
  /** Route only these path prefixes; the rest of the Service stays inside the cluster. @default everything */
  readonly pathPrefixes?: readonly string[];
}

/**
 * Publishes a Service at `https://<name>.<domain>`: an HTTPRoute on the shared Gateway with
 * the platform certificate, the URL in the `endpoints` output and a line in `hostsEntries`.
 */
export function exposeService(
  exposure: Exposure,
  args: ExposeServiceArgs,
  opts: { readonly parent: pulumi.Resource; /** The route's namespace, at least. */ readonly dependsOn: readonly pulumi.Resource[] },
): k8s.apiextensions.CustomResource {
  const host = `${args.name}.${exposure.domain}`;
  exposure.endpoints.add({ name: args.name, host, url: `https://${host}${args.path ?? ""}`, address: exposure.address });
  const backend =
    args.backendKind === "TraefikService"
      ? { group: "traefik.io", kind: "TraefikService", name: args.service }
      : { name: args.service, port: args.port };
  return new k8s.apiextensions.CustomResource(
    `${args.name}-route`,
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: args.name, namespace: args.namespace },
      spec: {
        parentRefs: [
          { name: SHARED_GATEWAY.name, namespace: SHARED_GATEWAY.namespace, sectionName: exposure.httpsListener(args.name) },
        ],
        hostnames: [host],
        rules: [
          {
            ...(args.pathPrefixes && { matches: args.pathPrefixes.map((value) => ({ path: { type: "PathPrefix", value } })) }),
            backendRefs: [backend],
            filters: (args.middlewares ?? []).map((middleware) => ({
              type: "ExtensionRef",
              extensionRef: { group: "traefik.io", kind: "Middleware", name: middleware },
            })),
          },
        ],
      },
    },
    { parent: opts.parent, dependsOn: [...exposure.dependsOn, ...opts.dependsOn] },
  );
}
