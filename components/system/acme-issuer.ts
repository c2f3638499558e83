import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SHARED_GATEWAY } from "../lib/shared-gateway";

export type AcmeChallenge =
  | { readonly kind: "http01" }
  | { readonly kind: "dns01-cloudflare"; readonly apiToken: pulumi.Input<string> };

export interface AcmeIssuerArgs {
  /** Let's Encrypt writes here before a certificate expires. */
  readonly email: string;
  /** ACME directory URL (production or staging). */
  readonly server: string;
  readonly challenge: AcmeChallenge;
  /** cert-manager's namespace, where the account key and the DNS token live. */
  readonly namespace: string;
  readonly certManager: pulumi.Resource;
}

export const ACME_ISSUER = "letsencrypt";

/** The listener HTTP-01 challenges arrive on: plain HTTP, port 80 outside. */
export const HTTP_LISTENER = "http";

/** A Let's Encrypt ClusterIssuer solving challenges through the Gateway or through DNS. */
export class AcmeIssuer extends pulumi.ComponentResource {
  readonly issuerName = ACME_ISSUER;
  readonly issuer: k8s.apiextensions.CustomResource;

  constructor(name: string, args: AcmeIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:AcmeIssuer", name, {}, opts);
    const dependsOn: pulumi.Resource[] = [args.certManager];
    if (args.challenge.kind === "dns01-cloudflare") {
      dependsOn.push(
        new k8s.core.v1.Secret(
          `${name}-cloudflare-token`,
          { metadata: { name: "cloudflare-api-token", namespace: args.namespace }, stringData: { "api-token": args.challenge.apiToken } },
          { parent: this, dependsOn: [args.certManager] },
        ),
      );
    }
    this.issuer = new k8s.apiextensions.CustomResource(
      `${name}-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: ACME_ISSUER },
        spec: {
          acme: {
            email: args.email,
            server: args.server,
            privateKeySecretRef: { name: `${ACME_ISSUER}-account` },
            solvers: [solver(args.challenge)],
          },
        },
      },
      { parent: this, dependsOn },
    );
    this.registerOutputs({ issuerName: this.issuerName, issuer: this.issuer });
  }
}

export function solver(challenge: AcmeChallenge): Record<string, unknown> {
  if (challenge.kind === "http01") {
    return {
      http01: {
        gatewayHTTPRoute: {
          parentRefs: [{ name: SHARED_GATEWAY.name, namespace: SHARED_GATEWAY.namespace, kind: "Gateway", sectionName: HTTP_LISTENER }],
        },
      },
    };
  }
  return { dns01: { cloudflare: { apiTokenSecretRef: { name: "cloudflare-api-token", key: "api-token" } } } };
}
