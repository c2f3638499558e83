import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { NodeFile } from "./cloud-init";

/**
 * The cluster's certificate authorities and service-account key, made before any VM exists.
 * k3s uses CA files it finds in its TLS directory on first start instead of generating its
 * own, so the program knows the CA in advance: it can compute the secure join token and
 * sign the admin's client certificate without ever reading anything back from a node.
 */

/** Where k3s looks for CA files on a server. */
const K3S_TLS_DIR = "/var/lib/rancher/k3s/server/tls";

/** The CAs k3s expects, by their file name under K3S_TLS_DIR (without .crt/.key). */
export const CLUSTER_CAS = {
  server: { file: "server-ca", commonName: "k3s-server-ca" },
  client: { file: "client-ca", commonName: "k3s-client-ca" },
  requestHeader: { file: "request-header-ca", commonName: "k3s-request-header-ca" },
  etcdPeer: { file: "etcd/peer-ca", commonName: "etcd-peer-ca" },
  etcdServer: { file: "etcd/server-ca", commonName: "etcd-server-ca" },
} as const;
export type CaName = keyof typeof CLUSTER_CAS;

/** The identity that is cluster-admin: the `system:masters` group. */
const ADMIN_SUBJECT = { commonName: "homelab-admin", organization: "system:masters" } as const;

/** k3s's own CAs last ten years; so do these. */
const CA_VALIDITY_HOURS = 10 * 365 * 24;
/** The admin certificate lasts a year; a `pulumi up` in its last 30 days issues a new one. */
const ADMIN_VALIDITY_HOURS = 365 * 24;
const ADMIN_RENEWAL_HOURS = 30 * 24;

export interface KeyPair {
  readonly certPem: pulumi.Output<string>;
  /** Secret. */
  readonly keyPem: pulumi.Output<string>;
}

/** Resolved PEM text, as the files on the first server need it. */
export type CaMaterial = Record<CaName, { readonly certPem: string; readonly keyPem: string }> & {
  readonly serviceAccountKeyPem: string;
};

export class ClusterCa extends pulumi.ComponentResource {
  readonly cas: Readonly<Record<CaName, KeyPair>>;
  /** RSA key that signs service-account tokens (secret). */
  readonly serviceAccountKeyPem: pulumi.Output<string>;
  /** The admin's client certificate and key, signed by the client CA. */
  readonly admin: KeyPair;
  /** Every CA and the service-account key in one secret value, for the first server's user-data. */
  readonly material: pulumi.Output<CaMaterial>;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:metal:ClusterCa", name, {}, opts);
    const ca = (id: CaName) => this.certificateAuthority(CLUSTER_CAS[id].file.replace("/", "-"), CLUSTER_CAS[id].commonName);
    this.cas = { server: ca("server"), client: ca("client"), requestHeader: ca("requestHeader"), etcdPeer: ca("etcdPeer"), etcdServer: ca("etcdServer") };
    this.serviceAccountKeyPem = new tls.PrivateKey("service-account", { algorithm: "RSA", rsaBits: 2048 }, { parent: this })
      .privateKeyPem;
    this.admin = this.adminCertificate(this.cas.client);
    this.material = this.materialOf(this.cas);
    this.registerOutputs({ cas: this.cas, serviceAccountKeyPem: this.serviceAccountKeyPem, admin: this.admin });
  }

  private materialOf(cas: Readonly<Record<CaName, KeyPair>>): pulumi.Output<CaMaterial> {
    const pair = (p: KeyPair) => pulumi.all([p.certPem, p.keyPem]).apply(([certPem, keyPem]) => ({ certPem, keyPem }));
    return pulumi.secret(
      pulumi
        .all([pair(cas.server), pair(cas.client), pair(cas.requestHeader), pair(cas.etcdPeer), pair(cas.etcdServer), this.serviceAccountKeyPem])
        .apply(([server, client, requestHeader, etcdPeer, etcdServer, serviceAccountKeyPem]) => ({
          server,
          client,
          requestHeader,
          etcdPeer,
          etcdServer,
          serviceAccountKeyPem,
        })),
    );
  }

  private certificateAuthority(name: string, commonName: string): KeyPair {
    const key = new tls.PrivateKey(`${name}-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
    const cert = new tls.SelfSignedCert(
      `${name}-cert`,
      {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName },
        isCaCertificate: true,
        validityPeriodHours: CA_VALIDITY_HOURS,
        allowedUses: ["cert_signing", "crl_signing", "digital_signature", "key_encipherment"],
      },
      { parent: this },
    );
    return { certPem: cert.certPem, keyPem: key.privateKeyPem };
  }

  private adminCertificate(clientCa: KeyPair): KeyPair {
    const key = new tls.PrivateKey("admin-key", { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
    const request = new tls.CertRequest("admin-request", { privateKeyPem: key.privateKeyPem, subject: ADMIN_SUBJECT }, { parent: this });
    const cert = new tls.LocallySignedCert(
      "admin-cert",
      {
        certRequestPem: request.certRequestPem,
        caCertPem: clientCa.certPem,
        caPrivateKeyPem: clientCa.keyPem,
        validityPeriodHours: ADMIN_VALIDITY_HOURS,
        earlyRenewalHours: ADMIN_RENEWAL_HOURS,
        allowedUses: ["client_auth", "digital_signature", "key_encipherment"],
      },
      { parent: this },
    );
    return { certPem: cert.certPem, keyPem: key.privateKeyPem };
  }
}

/** The files k3s reads on the first server's first start, certificates written byte for byte. */
export function caFiles(material: CaMaterial): NodeFile[] {
  const pairs = (Object.keys(CLUSTER_CAS) as CaName[]).flatMap((id) => [
    { path: `${K3S_TLS_DIR}/${CLUSTER_CAS[id].file}.crt`, content: material[id].certPem, permissions: "0644", exact: true },
    { path: `${K3S_TLS_DIR}/${CLUSTER_CAS[id].file}.key`, content: material[id].keyPem, permissions: "0600", exact: true },
  ]);
  return [...pairs, { path: `${K3S_TLS_DIR}/service.key`, content: material.serviceAccountKeyPem, permissions: "0600", exact: true }];
}
