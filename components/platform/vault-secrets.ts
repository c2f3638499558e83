import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { Exposure } from "../lib/exposure";
import { ExternalSecrets, EXTERNAL_SECRETS_NAMESPACE } from "./external-secrets";
import { CONFIG_SERVICE_ACCOUNT, VaultConfig } from "./vault-config";
import { VaultDelivery } from "./vault-delivery";
import { VAULT_NAMESPACE, VAULT_PORT, VAULT_SERVICE_HOST, VaultServer } from "./vault-server";
import { RECOVERY_SECRET, UNSEALER_PODS, VaultUnsealer } from "./vault-unsealer";

export interface VaultSecretsArgs {
  /** Raft voters: 1 on lean sizing, 3 on full. */
  readonly replicas: number;
  readonly sizing: SizingProfile;
  /** RWO class of Vault's Raft volumes. */
  readonly storageClass: string;
  /** The platform CA's ClusterIssuer, which signs Vault's listener certificate. */
  readonly issuer: { readonly name: string; readonly ready: pulumi.Resource };
  /** PEM of the platform CA. */
  readonly caCertificate: pulumi.Input<string>;
  readonly exposure: Exposure;
}

/** Vault's recovery material, as the unsealer stored it: both secrets. */
export interface VaultRecovery {
  readonly unsealKeys: pulumi.Output<string[]>;
  readonly rootToken: pulumi.Output<string>;
}

/**
 * The secrets layer: Vault (unsealed by our own service, configured as code) and the
 * External Secrets Operator, which delivers every layer's credentials from Vault.
 */
export class VaultSecrets extends pulumi.ComponentResource {
  /** How every layer's credentials reach their namespaces. */
  readonly delivery: VaultDelivery;
  /** Read from the unsealer's Secret once Vault is up: the program cannot know it before. */
  readonly recovery: VaultRecovery;
  private readonly server: VaultServer;
  private readonly unsealer: VaultUnsealer;
  private readonly args: VaultSecretsArgs;

  constructor(name: string, args: VaultSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:VaultSecrets", name, {}, opts);
    this.args = args;
    this.server = new VaultServer(
      "vault",
      {
        replicas: args.replicas,
        sizing: args.sizing,
        storageClass: args.storageClass,
        issuer: args.issuer,
        caCertificate: args.caCertificate,
        exposure: args.exposure,
        clients: [{ kind: "from-namespace", namespace: EXTERNAL_SECRETS_NAMESPACE, ports: [VAULT_PORT] }],
        apiCallers: [UNSEALER_PODS],
      },
      { parent: this },
    );
    // The unsealer waits for the namespace only: Vault's pods count as ready once unsealed.
    this.unsealer = new VaultUnsealer(
      "vault-unsealer",
      { namespace: VAULT_NAMESPACE, namespaceResource: this.server.namespace, podAddresses: this.server.podAddresses, configServiceAccount: CONFIG_SERVICE_ACCOUNT, sizing: args.sizing },
      { parent: this },
    );
    const operator = new ExternalSecrets("external-secrets", { sizing: args.sizing, vault: { namespace: VAULT_NAMESPACE, port: VAULT_PORT } }, { parent: this });
    this.delivery = new VaultDelivery({ url: `https://${VAULT_SERVICE_HOST}:${VAULT_PORT}`, caCertificate: args.caCertificate, operatorReady: operator.ready, parent: this });
    // Vault makes the keys inside the cluster, so the program can only read them back from
    // the unsealer's Secret, which exists once Vault's pods are ready (they are only ready
    // unsealed). The id follows the unsealer's uid: unknown while a preview plans to create
    // it, so a first preview does not read a Secret that cannot exist yet.
    const id = this.unsealer.deployment.metadata.uid.apply(() => `${VAULT_NAMESPACE}/${RECOVERY_SECRET}`);
    const stored = k8s.core.v1.Secret.get("vault-recovery-read", id, { parent: this, dependsOn: [this.server.chart, this.unsealer.deployment] });
    const decoded = stored.data.apply((data) => ({
      unsealKeys: JSON.parse(fromBase64(data?.["unseal-keys"] ?? "W10=")) as string[],
      rootToken: fromBase64(data?.["root-token"] ?? ""),
    }));
    this.recovery = { unsealKeys: pulumi.secret(decoded.unsealKeys), rootToken: pulumi.secret(decoded.rootToken) };
    this.registerOutputs({ delivery: this.delivery, recovery: this.recovery });
  }

  /**
   * Applies Vault's configuration, once every credential was delivered: the Job's input is
   * every namespace's reader and every credential.
   */
  configure(): VaultConfig {
    const config = new VaultConfig(
      "vault-config",
      {
        namespace: VAULT_NAMESPACE,
        namespaceResource: this.server.namespace,
        podAddresses: this.server.podAddresses,
        desired: this.delivery.desired(),
        sizing: this.args.sizing,
        dependsOn: [this.server.chart, this.unsealer.deployment],
      },
      { parent: this },
    );
    this.delivery.configuredBy(config.job);
    return config;
  }
}

function fromBase64(text: string): string {
  return Buffer.from(text, "base64").toString("utf8");
}
