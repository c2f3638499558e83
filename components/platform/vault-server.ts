import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import type { PlatformUrlCalls } from "../lib/platform-url-calls";
import { resources } from "../lib/sizing";
import { SECRETS_CHARTS } from "./vault-charts";

export const VAULT_NAMESPACE = "vault";
/** The chart's release name: its Services are `vault`, `vault-active` and `vault-internal`. */
const RELEASE = "vault";
export const VAULT_PORT = 8200;
const CLUSTER_PORT = 8201;
/** Where the listener's certificate is mounted; cert-manager puts the CA beside it as `ca.crt`. */
const TLS_DIR = "/vault/tls";
const TLS_SECRET = "vault-tls";
/** Labels of Vault's server pods, as the chart sets them. */
export const VAULT_PODS = { "app.kubernetes.io/name": RELEASE, component: "server" } as const;
/** The in-cluster name of the API, which the certificate carries and in-cluster clients call. */
export const VAULT_SERVICE_HOST = `${RELEASE}.${VAULT_NAMESPACE}.svc`;

export interface VaultServerArgs {
  /** Raft voters: 1 on lean sizing, 3 with `retry_join` on full. */
  readonly replicas: number;
  readonly sizing: SizingProfile;
  /** RWO class of the Raft volume. */
  readonly storageClass: string;
  /** Size of each pod's Raft volume. @default "2Gi" */
  readonly storageSize?: string;
  /** The platform CA's ClusterIssuer, which signs the listener's certificate. */
  readonly issuer: { readonly name: string; readonly ready: pulumi.Resource };
  /** PEM of the platform CA, published in the namespace for the Gateway's backend TLS check. */
  readonly caCertificate: pulumi.Input<string>;
  readonly exposure: Exposure;
  /** What else must reach the API, besides the Gateway and the namespace's own pods. */
  readonly clients: readonly NetworkAllow[];
  /** Pods of this namespace that call the Kubernetes API besides Vault (the unsealer). */
  readonly apiCallers: readonly Readonly<Record<string, string>>[];
  /** Platform URLs Vault itself calls (the OIDC issuer's discovery and keys). @default none */
  readonly urlCalls?: PlatformUrlCalls;
}

/** Each Vault pod's API, by its stable name behind the headless Service; the first is where a new Vault starts. */
export function podAddresses(replicas: number): string[] {
  return Array.from({ length: replicas }, (_, index) => `https://${RELEASE}-${index}.${RELEASE}-internal:${VAULT_PORT}`);
}

/** Vault's server configuration: TLS on the listener, Raft storage, and on several pods the peers to join. */
export function vaultHcl(replicas: number): string {
  const joins = replicas > 1
    ? podAddresses(replicas).map((address) => `\n  retry_join {\n    leader_api_addr = "${address}"\n    leader_ca_cert_file = "${TLS_DIR}/ca.crt"\n  }`).join("")
    : "";
  return `ui = true

listener "tcp" {
  address = "[::]:${VAULT_PORT}"
  cluster_address = "[::]:${CLUSTER_PORT}"
  tls_cert_file = "${TLS_DIR}/tls.crt"
  tls_key_file = "${TLS_DIR}/tls.key"
}

storage "raft" {
  path = "/vault/data"${joins}
}

service_registration "kubernetes" {}
`;
}

/** Values of the pinned chart (see its values.yaml). */
export function vaultValues(args: Pick<VaultServerArgs, "replicas" | "sizing" | "storageClass" | "storageSize" | "urlCalls">): Record<string, unknown> {
  return {
    global: { tlsDisable: false },
    // Secrets reach pods through the External Secrets Operator, not the agent injector.
    injector: { enabled: false },
    server: {
      // Raft keeps its index in memory: the lean medium size leaves Vault too little.
      resources: resources(args.sizing, "large"),
      ha: {
        enabled: true,
        replicas: args.replicas,
        raft: { enabled: true, setNodeId: true, config: vaultHcl(args.replicas) },
        // One pod: a budget would forbid draining its node.
        disruptionBudget: { enabled: args.replicas > 1 },
      },
      dataStorage: { enabled: true, size: args.storageSize ?? "2Gi", storageClass: args.storageClass },
      // Raft volumes outlive the StatefulSet: losing them loses every secret.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      volumes: [{ name: "tls", secret: { secretName: TLS_SECRET } }],
      volumeMounts: [{ name: "tls", mountPath: TLS_DIR, readOnly: true }],
      extraEnvironmentVars: { VAULT_CACERT: `${TLS_DIR}/ca.crt` },
      ...(args.urlCalls && args.urlCalls.hostAliases.length > 0 && { hostAliases: args.urlCalls.hostAliases }),
      // Spread where there are nodes to spread on; a small cluster still runs all three.
      affinity: `podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        labelSelector:
          matchLabels:
            app.kubernetes.io/name: ${RELEASE}
            component: server
        topologyKey: kubernetes.io/hostname
`,
    },
    // The UI is served by the API's own port; no Service of its own.
    ui: { enabled: false },
  };
}

/** Names the listener's certificate must carry: the Services, every pod behind the headless one, and loopback for the probes. */
export function certificateNames(): { dnsNames: string[]; ipAddresses: string[] } {
  const services = [RELEASE, `${RELEASE}-active`, `*.${RELEASE}-internal`];
  return {
    dnsNames: services.flatMap((name) => [name, `${name}.${VAULT_NAMESPACE}`, `${name}.${VAULT_NAMESPACE}.svc`, `${name}.${VAULT_NAMESPACE}.svc.cluster.local`]),
    ipAddresses: ["127.0.0.1"],
  };
}

/**
 * HashiCorp Vault with integrated Raft storage on kept volumes, TLS on its listener from the
 * platform CA, and its UI and API at `https://vault.<domain>` (the Gateway checks the
 * backend's certificate against the same CA).
 */
export class VaultServer extends pulumi.ComponentResource {
  readonly namespace: k8s.core.v1.Namespace;
  readonly chart: k8s.helm.v4.Chart;
  /** Each pod's API address, for the unsealer and the configuration. */
  readonly podAddresses: string[];

  constructor(name: string, args: VaultServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:VaultServer", name, {}, opts);
    const { namespace } = platformNamespace(
      VAULT_NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        holdsData: true,
        caCertificate: args.caCertificate,
        allow: [
          { kind: "from-gateway", ports: [VAULT_PORT] },
          // Raft between the pods; the unsealer and the configuration Job to each pod.
          { kind: "within-namespace" },
          // Service registration, and Kubernetes auth's token reviews.
          { kind: "api-server", pods: VAULT_PODS },
          ...args.apiCallers.map((pods) => ({ kind: "api-server" as const, pods })),
          ...args.clients,
          ...(args.urlCalls ? [args.urlCalls.allow] : []),
        ],
      },
      { parent: this },
    );
    this.namespace = namespace;
    const certificate = new k8s.apiextensions.CustomResource(
      `${name}-certificate`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: TLS_SECRET, namespace: VAULT_NAMESPACE },
        spec: {
          secretName: TLS_SECRET,
          ...certificateNames(),
          privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
          issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: args.issuer.name },
        },
      },
      { parent: this, dependsOn: [namespace, args.issuer.ready] },
    );
    this.chart = installChart(RELEASE, SECRETS_CHARTS.vault, { namespace: VAULT_NAMESPACE, values: vaultValues(args) }, { parent: this, dependsOn: [namespace, certificate] });
    this.podAddresses = podAddresses(args.replicas);
    const backendTls = new k8s.apiextensions.CustomResource(
      `${name}-backend-tls`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "BackendTLSPolicy",
        metadata: { name: RELEASE, namespace: VAULT_NAMESPACE },
        spec: {
          targetRefs: [{ group: "", kind: "Service", name: RELEASE }],
          validation: { caCertificateRefs: [{ group: "", kind: "ConfigMap", name: "platform-ca" }], hostname: VAULT_SERVICE_HOST },
        },
      },
      { parent: this, dependsOn: [namespace, ...args.exposure.dependsOn] },
    );
    exposeService(args.exposure, { name: "vault", namespace: VAULT_NAMESPACE, service: RELEASE, port: VAULT_PORT, path: "/ui/" }, { parent: this, dependsOn: [namespace, backendTls] });
    this.registerOutputs({ namespace: this.namespace, chart: this.chart, podAddresses: this.podAddresses });
  }
}
