import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { platformNamespace } from "../lib/platform-namespace";
import type { ScrapeTarget } from "../lib/scrape-target";
import { resources } from "../lib/sizing";
import { SECRETS_CHARTS } from "./vault-charts";

export const SECRETS_STORE_CSI_NAMESPACE = "secrets-store-csi";
/** The Vault chart's release that runs only the CSI provider; its DaemonSet is `vault-csi-csi-provider`. */
const PROVIDER_RELEASE = "vault-csi";
/** Where the provider finds the platform CA, to check Vault's certificate. */
export const PROVIDER_CA_FILE = "/vault/platform-ca/ca.crt";
/** How often the driver reads every mounted secret again: a value changed in Vault reaches its Secret within this. */
export const ROTATION_POLL_INTERVAL = "2m";
/** The driver's metrics, on its container port `metrics`. */
export const DRIVER_METRICS_PORT = 8095;
/** Labels of the driver's pods, as its chart sets them. */
export const DRIVER_PODS = { app: "secrets-store-csi-driver" } as const;

export interface SecretsStoreCsiArgs {
  readonly sizing: SizingProfile;
  /** Vault's in-cluster URL, which the provider calls. */
  readonly vaultUrl: string;
  /** Vault's namespace and port: the provider's only way out besides the API server. */
  readonly vault: { readonly namespace: string; readonly port: number };
  /** PEM of the CA that signed Vault's certificate. */
  readonly caCertificate: pulumi.Input<string>;
}

/** Values of the pinned Secrets Store CSI driver chart (see its values.yaml). */
export function secretsStoreCsiDriverValues(sizing: SizingProfile): Record<string, unknown> {
  return {
    linux: {
      // The chart's CRD Jobs are Helm hooks, which Pulumi drops; the CRDs come from its crds/ folder.
      crds: { enabled: false },
      driver: { resources: resources(sizing, "small") },
      registrar: { resources: resources(sizing, "tiny") },
      livenessProbe: { resources: resources(sizing, "tiny") },
    },
    // Workloads keep reading Kubernetes Secrets: the driver writes them from what it mounted.
    syncSecret: { enabled: true },
    enableSecretRotation: true,
    rotationPollInterval: ROTATION_POLL_INTERVAL,
  };
}

/** Values of the pinned Vault chart for a release that runs nothing but the CSI provider. */
export function vaultCsiProviderValues(sizing: SizingProfile, vaultUrl: string): Record<string, unknown> {
  return {
    // The provider calls this address; the server is the other release's.
    global: { externalVaultAddr: vaultUrl },
    server: { enabled: false },
    injector: { enabled: false },
    csi: {
      enabled: true,
      resources: resources(sizing, "small"),
      // Without the agent's cache the provider logs in on each mount and rotation: one container less on every node.
      agent: { enabled: false },
      volumes: [{ name: "platform-ca", configMap: { name: "platform-ca" } }],
      volumeMounts: [{ name: "platform-ca", mountPath: PROVIDER_CA_FILE.replace(/\/ca\.crt$/, ""), readOnly: true }],
    },
  };
}

/**
 * The Secrets Store CSI driver and Vault's CSI provider, both DaemonSets. They mount host
 * paths (the kubelet's pod folder, the providers' socket folder) and the driver runs
 * privileged to mount volumes into pods: no restricted or baseline level admits that, so
 * they live in a namespace of their own that holds nothing else and is the only one
 * allowed `privileged`. Its network: the API server (the driver watches classes and writes
 * Secrets, the provider asks for the mounting pod's token) and Vault's port, nothing else.
 */
export class SecretsStoreCsi extends pulumi.ComponentResource {
  /** SecretProviderClasses depend on this: its CRDs, and the provider that serves them. */
  readonly ready: pulumi.Resource;
  /** The driver's metrics (the provider serves none). */
  readonly scrapeTargets: readonly ScrapeTarget[] = [
    { name: "secrets-store-csi-driver", namespace: SECRETS_STORE_CSI_NAMESPACE, podLabels: DRIVER_PODS, portName: "metrics", port: DRIVER_METRICS_PORT },
  ];

  constructor(name: string, args: SecretsStoreCsiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:SecretsStoreCsi", name, {}, opts);
    const { namespace } = platformNamespace(
      SECRETS_STORE_CSI_NAMESPACE,
      {
        podSecurity: {
          level: "privileged",
          reason: "the CSI driver mounts secrets into pods (privileged, host paths) and Vault's provider serves it through a socket on the host",
        },
        caCertificate: args.caCertificate,
        allow: [
          { kind: "api-server" },
          { kind: "to-namespace", namespace: args.vault.namespace, ports: [args.vault.port] },
        ],
      },
      { parent: this },
    );
    const driver = installChart(name, SECRETS_CHARTS.secretsStoreCsiDriver, { namespace: SECRETS_STORE_CSI_NAMESPACE, values: secretsStoreCsiDriverValues(args.sizing) }, { parent: this, dependsOn: [namespace] });
    const provider = installChart(
      PROVIDER_RELEASE,
      SECRETS_CHARTS.vault,
      { namespace: SECRETS_STORE_CSI_NAMESPACE, values: vaultCsiProviderValues(args.sizing, args.vaultUrl) },
      { parent: this, dependsOn: [namespace, driver] },
    );
    this.ready = provider;
    this.registerOutputs({ ready: this.ready, scrapeTargets: this.scrapeTargets });
  }
}
