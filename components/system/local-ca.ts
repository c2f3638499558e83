import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

export interface LocalCaArgs {
  /** Subject of the CA certificate: what people see when they choose to trust it. */
  readonly commonName: string;
  /** cert-manager's namespace: a ClusterIssuer reads its CA secret from there. */
  readonly namespace: string;
  /** cert-manager, whose CRDs and webhook the issuer needs. */
  readonly certManager: pulumi.Resource;
  /** That namespace, which the CA's Secret waits for. */
  readonly namespaceResource: pulumi.Resource;
  /** @default 10 */
  readonly validityYears?: number;
}

export const LOCAL_CA_ISSUER = "local-ca";

/**
 * The platform's own certificate authority, made in the program (key and self-signed
 * certificate live only in Pulumi state, as secrets, and in one Secret), behind a CA
 * ClusterIssuer. Nothing leaves the network to get a certificate.
 */
export class LocalCa extends pulumi.ComponentResource {
  /** PEM of the CA certificate, for trust stores. */
  readonly certificatePem: pulumi.Output<string>;
  readonly issuerName = LOCAL_CA_ISSUER;
  readonly issuer: k8s.apiextensions.CustomResource;

  constructor(name: string, args: LocalCaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:LocalCa", name, {}, opts);
    const key = new tls.PrivateKey(`${name}-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
    const certificate = new tls.SelfSignedCert(
      `${name}-certificate`,
      {
        privateKeyPem: key.privateKeyPem,
        isCaCertificate: true,
        subject: { commonName: args.commonName, organization: "homelab" },
        validityPeriodHours: (args.validityYears ?? 10) * 365 * 24,
        allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
      },
      { parent: this },
    );
    this.certificatePem = certificate.certPem;
    const secret = new k8s.core.v1.Secret(
      `${name}-secret`,
      {
        metadata: { name: LOCAL_CA_ISSUER, namespace: args.namespace },
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": certificate.certPem, "tls.key": key.privateKeyPem },
      },
      { parent: this, dependsOn: [args.namespaceResource] },
    );
    this.issuer = new k8s.apiextensions.CustomResource(
      `${name}-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: LOCAL_CA_ISSUER },
        spec: { ca: { secretName: LOCAL_CA_ISSUER } },
      },
      { parent: this, dependsOn: [args.certManager, secret] },
    );
    this.registerOutputs({ certificatePem: this.certificatePem });
  }
}
