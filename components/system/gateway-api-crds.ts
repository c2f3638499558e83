import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Gateway API release whose CRDs the platform installs. Traefik no longer ships them, and
 * Traefik 3.7 watches TLSRoute v1, which exists from v1.5 on.
 */
export const GATEWAY_API_VERSION = "v1.5.1";

export const GATEWAY_API_CRDS_URL = `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml`;

/** The standard-channel Gateway API CRDs: Gateway, HTTPRoute, GRPCRoute, TLSRoute, ReferenceGrant. */
export class GatewayApiCrds extends pulumi.ComponentResource {
  readonly crds: k8s.yaml.v2.ConfigFile;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:GatewayApiCrds", name, {}, opts);
    this.crds = new k8s.yaml.v2.ConfigFile(`${name}-crds`, { file: GATEWAY_API_CRDS_URL }, { parent: this });
    this.registerOutputs({ crds: this.crds });
  }
}
