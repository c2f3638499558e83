import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SHARED_GATEWAY } from "../lib/shared-gateway";
import { HTTP_LISTENER } from "./acme-issuer";
import { TRAEFIK_PORTS } from "./traefik";

/**
 * One wildcard certificate for `*.<domain>`, or one per host when the issuer cannot sign
 * wildcards (ACME HTTP-01).
 */
export type CertificateMode = "wildcard" | "per-host";

/** The HTTPS listener that serves `<name>.<domain>`. */
export function httpsListenerName(mode: CertificateMode, name: string): string {
  return mode === "wildcard" ? SHARED_GATEWAY.httpsListener : `${SHARED_GATEWAY.httpsListener}-${name}`;
}

export interface PlatformGatewayArgs {
  readonly domain: string;
  /** ClusterIssuer that signs the certificates. */
  readonly issuer: string;
  readonly certificates: CertificateMode;
  /** Host labels exposed on the platform; each gets its own listener in `per-host` mode. */
  readonly names: readonly string[];
  /** What the certificates wait for: the issuer (and so cert-manager) and the Gateway's namespace. */
  readonly certificatesAfter: readonly pulumi.Resource[];
  /** What the Gateway waits for besides them: the Gateway API CRDs and Traefik (its GatewayClass). */
  readonly gatewayAfter: readonly pulumi.Resource[];
}

interface Listener {
  readonly name: string;
  readonly hostname: string;
  readonly secretName: string;
}

export function httpsListeners(args: Pick<PlatformGatewayArgs, "domain" | "certificates" | "names">): Listener[] {
  if (args.certificates === "wildcard") {
    return [{ name: httpsListenerName("wildcard", ""), hostname: `*.${args.domain}`, secretName: "platform-tls" }];
  }
  return [...args.names].sort().map((name) => ({
    name: httpsListenerName("per-host", name),
    hostname: `${name}.${args.domain}`,
    secretName: `${name}-tls`,
  }));
}

/**
 * The shared Gateway: HTTPS for every exposed host with the platform's certificates, and
 * plain HTTP only to redirect (and to answer ACME HTTP-01 challenges, whose exact-path
 * routes win over the redirect).
 */
export class PlatformGateway extends pulumi.ComponentResource {
  constructor(name: string, args: PlatformGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:PlatformGateway", name, {}, opts);
    const listeners = httpsListeners(args);
    const certificates = listeners.map(
      (listener) =>
        new k8s.apiextensions.CustomResource(
          `${name}-${listener.secretName}`,
          {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: listener.secretName, namespace: SHARED_GATEWAY.namespace },
            spec: {
              secretName: listener.secretName,
              dnsNames: [listener.hostname],
              issuerRef: { kind: "ClusterIssuer", name: args.issuer },
            },
          },
          { parent: this, dependsOn: [...args.certificatesAfter] },
        ),
    );
    const allowedRoutes = { namespaces: { from: "All" } };
    const gateway = new k8s.apiextensions.CustomResource(
      `${name}-${SHARED_GATEWAY.name}`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: SHARED_GATEWAY.name, namespace: SHARED_GATEWAY.namespace },
        spec: {
          gatewayClassName: SHARED_GATEWAY.className,
          listeners: [
            { name: HTTP_LISTENER, port: TRAEFIK_PORTS.web, protocol: "HTTP", allowedRoutes },
            ...listeners.map((l) => ({
              name: l.name,
              port: TRAEFIK_PORTS.websecure,
              protocol: "HTTPS",
              hostname: l.hostname,
              tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: l.secretName }] },
              allowedRoutes,
            })),
          ],
        },
      },
      { parent: this, dependsOn: [...args.gatewayAfter, ...certificates] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-https-redirect`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "https-redirect", namespace: SHARED_GATEWAY.namespace },
        spec: {
          parentRefs: [{ name: SHARED_GATEWAY.name, sectionName: HTTP_LISTENER }],
          rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
        },
      },
      { parent: this, dependsOn: [gateway] },
    );
    this.registerOutputs({});
  }
}
