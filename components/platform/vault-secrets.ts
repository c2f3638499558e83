import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { Exposure } from "../lib/exposure";
import { ExternalSecrets, EXTERNAL_SECRETS_NAMESPACE } from "./external-secrets";
import { podSecurityLabels } from "../lib/platform-namespace";
import { platformUrlCalls } from "../lib/platform-url-calls";
import type { LayerScrapeTargets } from "../lib/scrape-target";
import { SSO_GROUPS } from "./keycloak-realm";
import { CLI_LOOPBACK_REDIRECT, type SsoClients } from "./sso-clients";
import { CONFIG_SERVICE_ACCOUNT, VaultConfig, type VaultOidcLogin } from "./vault-config";
import { PROVIDER_CA_FILE, SECRETS_STORE_CSI_NAMESPACE, SecretsStoreCsi } from "./secrets-store-csi";
import { VaultCsiDelivery } from "./vault-csi-delivery";
import type { VaultCredentialDelivery } from "./vault-declarations";
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
  /** Host label of the OIDC issuer when single sign-on runs: Vault fetches its discovery document and keys through the Gateway. @default none */
  readonly issuerHost?: string;
  /** Namespaces of people's own apps: each gets a Vault role reading only `kv/apps/<namespace>/` (and, with the operator, a store). @default none */
  readonly appNamespaces?: readonly string[];
  /** How credentials reach their namespaces: the External Secrets Operator, or the Secrets Store CSI driver. @default "external-secrets" */
  readonly delivery?: "external-secrets" | "csi";
}

/** Vault's API as in-cluster clients call it. */
const VAULT_URL = `https://${VAULT_SERVICE_HOST}:${VAULT_PORT}`;

/** The realm's client of Vault's login, and where its secret is kept in Vault. */
const OIDC_CLIENT = "vault";
const OIDC_SECRET_PATH = `platform/${VAULT_NAMESPACE}/oidc-client`;

/** Where the realm may send a person back: the UI's callback, and the CLI's listener on their own machine (see `CLI_LOOPBACK_REDIRECT`). */
export function vaultRedirectUris(domain: string): string[] {
  return [`https://vault.${domain}/ui/vault/auth/oidc/oidc/callback`, CLI_LOOPBACK_REDIRECT];
}

/** Vault's recovery material, as the unsealer stored it: both secrets. */
export interface VaultRecovery {
  readonly unsealKeys: pulumi.Output<string[]>;
  readonly rootToken: pulumi.Output<string>;
}

/** What a later layer may do with Vault: give people a login to it through the realm. */
export interface VaultSignIn {
  /** `realmSynced`: the realm sync's Job, once declared; the login's configuration is finished after it. */
  signInWith(clients: SsoClients, realmSynced: Promise<pulumi.Resource>): void;
}

/**
 * The secrets layer: Vault (unsealed by our own service, configured as code), and what
 * delivers every layer's credentials from it: the External Secrets Operator, or the
 * Secrets Store CSI driver with Vault's provider.
 */
export class VaultSecrets extends pulumi.ComponentResource implements VaultSignIn {
  /** How every layer's credentials reach their namespaces. */
  readonly delivery: VaultCredentialDelivery;
  /** Pods of the layer that serve metrics: the CSI driver's, when it delivers. @default none */
  readonly scrapeTargets?: LayerScrapeTargets;
  /** Read from the unsealer's Secret once Vault is up: the program cannot know it before. */
  readonly recovery: VaultRecovery;
  private readonly server: VaultServer;
  private readonly unsealer: VaultUnsealer;
  private readonly args: VaultSecretsArgs;
  private oidc?: { readonly login: VaultOidcLogin; readonly secret: pulumi.Output<string>; readonly realmSynced: Promise<pulumi.Resource> };

  constructor(name: string, args: VaultSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:VaultSecrets", name, {}, opts);
    this.args = args;
    const csi = args.delivery === "csi";
    this.server = new VaultServer(
      "vault",
      {
        replicas: args.replicas,
        sizing: args.sizing,
        storageClass: args.storageClass,
        issuer: args.issuer,
        caCertificate: args.caCertificate,
        exposure: args.exposure,
        clients: [{ kind: "from-namespace", namespace: csi ? SECRETS_STORE_CSI_NAMESPACE : EXTERNAL_SECRETS_NAMESPACE, ports: [VAULT_PORT] }],
        apiCallers: [UNSEALER_PODS],
        urlCalls: args.issuerHost === undefined ? undefined : platformUrlCalls(args.exposure, [args.issuerHost]),
      },
      { parent: this },
    );
    // The unsealer waits for the namespace only: Vault's pods count as ready once unsealed.
    this.unsealer = new VaultUnsealer(
      "vault-unsealer",
      { namespace: VAULT_NAMESPACE, namespaceResource: this.server.namespace, podAddresses: this.server.podAddresses, configServiceAccount: CONFIG_SERVICE_ACCOUNT, sizing: args.sizing },
      { parent: this },
    );
    if (csi) {
      const driver = new SecretsStoreCsi("secrets-store-csi-driver", { sizing: args.sizing, vaultUrl: VAULT_URL, vault: { namespace: VAULT_NAMESPACE, port: VAULT_PORT }, caCertificate: args.caCertificate }, { parent: this });
      this.scrapeTargets = { targets: driver.scrapeTargets, madeBy: driver };
      // No operator: each credential is a SecretProviderClass.
      this.delivery = new VaultCsiDelivery({ url: VAULT_URL, caFile: PROVIDER_CA_FILE, csiReady: driver.ready, sizing: args.sizing, parent: this });
    } else {
      this.delivery = this.operatorDelivery(args);
    }
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

  /** The External Secrets Operator, and an ExternalSecret per credential. */
  private operatorDelivery(args: VaultSecretsArgs): VaultCredentialDelivery {
    const operator = new ExternalSecrets("external-secrets", { sizing: args.sizing, vault: { namespace: VAULT_NAMESPACE, port: VAULT_PORT } }, { parent: this });
    return new VaultDelivery({ url: VAULT_URL, caCertificate: args.caCertificate, operatorReady: operator.ready, parent: this });
  }

  /**
   * People log in to Vault through the realm: `admins` with the admin policy (role
   * `platform-admins`), everyone of the realm's groups with their own token only (the
   * default role). The client's secret is written to Vault with the rest of the
   * configuration's input, which only the configuration Job mounts.
   */
  signInWith(clients: SsoClients, realmSynced: Promise<pulumi.Resource>): void {
    if (this.args.issuerHost !== clients.issuerHost) {
      throw new Error(`Vault was built to call the issuer at ${this.args.issuerHost ?? "no host"}, not ${clients.issuerHost}: its network policy would block the login`);
    }
    const client = clients.client({ clientId: OIDC_CLIENT, redirectUris: vaultRedirectUris(this.args.exposure.domain) });
    const [admin] = SSO_GROUPS;
    this.oidc = {
      realmSynced,
      secret: client.clientSecret,
      login: {
        issuerUrl: client.issuerUrl,
        ...(clients.issuerCa !== undefined && { issuerCa: clients.issuerCa }),
        clientId: client.clientId,
        clientSecretPath: OIDC_SECRET_PATH,
        redirectUris: vaultRedirectUris(this.args.exposure.domain),
        groupsClaim: "groups",
        adminGroup: admin,
        userGroups: [...SSO_GROUPS],
      },
    };
  }

  /**
   * Applies Vault's configuration, once every credential was delivered: the Job's input is
   * every namespace's reader, every credential, the app namespaces' stores and people's login.
   */
  configure(): VaultConfig {
    for (const namespace of this.args.appNamespaces ?? []) {
      // Kept on destroy: it holds people's own workloads. Restricted like the platform's; its network is theirs to fence.
      const made = new k8s.core.v1.Namespace(
        `app-${namespace}`,
        { metadata: { name: namespace, labels: podSecurityLabels({ level: "restricted" }) } },
        { parent: this, retainOnDelete: true },
      );
      this.delivery.appNamespace(namespace, [made]);
    }
    const declared = this.delivery.desired();
    const config = new VaultConfig(
      "vault-config",
      {
        namespace: VAULT_NAMESPACE,
        namespaceResource: this.server.namespace,
        podAddresses: this.server.podAddresses,
        desired: this.oidc
          ? { ...declared, oidc: this.oidc.login, secrets: { ...declared.secrets, [OIDC_SECRET_PATH]: { "client-secret": this.oidc.secret } } }
          : declared,
        sizing: this.args.sizing,
        dependsOn: [this.server.chart, this.unsealer.deployment],
        loginAfter: this.oidc?.realmSynced,
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
