import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { bundleService } from "../lib/service-bundle";
import { BUNDLE_POD_SECURITY } from "../lib/bundle-container";
import { VAULT_SERVICE, vaultServiceContainer, vaultServiceVolumes } from "./vault-service";

/** A namespace whose ServiceAccount may read its own folders of Vault's KV. */
export interface VaultReader {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** KV folders below the mount, e.g. `platform/llm`. */
  readonly paths: readonly string[];
}

/** What the configuration Job makes Vault hold; the service's `DesiredConfig`. */
export interface VaultDesiredConfig {
  readonly readers: readonly VaultReader[];
  /** KV path below the mount → key/value pairs (Pulumi secrets). */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
}

export interface VaultConfigArgs {
  readonly namespace: string;
  readonly namespaceResource: pulumi.Resource;
  readonly podAddresses: readonly string[];
  readonly desired: VaultDesiredConfig;
  readonly sizing: SizingProfile;
  /** Vault and its unsealer: the Job starts once both exist. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** The configuration Job's service account: the unsealer gives it the `homelab-config` Vault role. */
export const CONFIG_SERVICE_ACCOUNT = "vault-config";
/** Labels of the configuration Job's pods. */
export const CONFIG_PODS = { app: CONFIG_SERVICE_ACCOUNT } as const;
const INPUT_SECRET = "vault-config-input";
const INPUT_DIR = "/etc/vault-config";

/** The desired configuration as the Job reads it, readers and paths sorted so equal input gives equal text. */
export function desiredJson(desired: VaultDesiredConfig): pulumi.Output<string> {
  const readers = [...desired.readers].sort((a, b) => a.namespace.localeCompare(b.namespace));
  const paths = Object.keys(desired.secrets).sort();
  return pulumi
    .all(paths.map((path) => pulumi.all(desired.secrets[path]!)))
    .apply((values) => JSON.stringify({ readers, secrets: Object.fromEntries(paths.map((path, index) => [path, values[index]])) }));
}

/**
 * The Job's name follows what it would apply (its input and its code), so `pulumi up` runs
 * it again exactly when either changed. The input holds generated credentials: a hash of
 * them, never them, reaches the name.
 */
function jobName(input: pulumi.Output<string>, bundleSha256: string): pulumi.Output<string> {
  return pulumi.unsecret(input).apply((text) => `vault-config-${createHash("sha256").update(text).update(bundleSha256).digest("hex").slice(0, 10)}`);
}

/**
 * Vault's configuration as code: a Job running `services/vault-unsealer configure` with
 * the desired state from a Secret only the Job mounts. It logs in with its own service
 * account (Kubernetes auth), never with the root token, and leaves Vault holding exactly
 * what is declared among what the platform made.
 */
export class VaultConfig extends pulumi.ComponentResource {
  readonly job: k8s.batch.v1.Job;

  constructor(name: string, args: VaultConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:VaultConfig", name, {}, opts);
    const ns = args.namespace;
    const bundle = bundleService(VAULT_SERVICE);
    const child = { parent: this, dependsOn: [args.namespaceResource] };
    const account = new k8s.core.v1.ServiceAccount(`${name}-account`, { metadata: { name: CONFIG_SERVICE_ACCOUNT, namespace: ns } }, child);
    const desired = pulumi.secret(desiredJson(args.desired));
    const input = new k8s.core.v1.Secret(`${name}-input`, { metadata: { name: INPUT_SECRET, namespace: ns }, stringData: { "desired.json": desired } }, child);
    const env = [
      { name: "VAULT_ADDRESSES", value: args.podAddresses.join(",") },
      { name: "NAMESPACE", value: ns },
      { name: "DESIRED_CONFIG_FILE", value: `${INPUT_DIR}/desired.json` },
    ];
    this.job = new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: { name: jobName(desired, bundle.sha256), namespace: ns },
        spec: {
          // Retries with Kubernetes' growing back-off cover a Vault still being unsealed.
          backoffLimit: 6,
          template: {
            metadata: { labels: { ...CONFIG_PODS } },
            spec: {
              serviceAccountName: CONFIG_SERVICE_ACCOUNT,
              restartPolicy: "Never",
              securityContext: BUNDLE_POD_SECURITY,
              containers: [vaultServiceContainer("configure", bundle, env, args.sizing, [{ name: "input", mountPath: INPUT_DIR, readOnly: true }])],
              volumes: [...vaultServiceVolumes(`${VAULT_SERVICE}-bundle`), { name: "input", secret: { secretName: INPUT_SECRET } }],
            },
          },
        },
      },
      { parent: this, dependsOn: [account, input, ...args.dependsOn], customTimeouts: { create: "20m", update: "20m" } },
    );
    this.registerOutputs({ job: this.job });
  }
}
