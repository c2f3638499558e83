import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Credential, CredentialDelivery } from "../lib/credentials";
import type { VaultDesiredConfig, VaultReader } from "./vault-config";

/** The folder of the platform's credentials in Vault's KV, which the configuration owns. */
const PLATFORM_FOLDER = "platform";
/** The folder of people's own secrets, one sub-folder per app namespace; the configuration never writes or removes there. */
const APPS_FOLDER = "apps";
/** In each namespace that receives credentials: the ServiceAccount Vault admits, and the store that logs in as it. */
export const VAULT_READER = "vault-reader";
const STORE = "vault";
/** How soon a value changed in Vault reaches the Secret (and, through Reloader, the pods). */
const REFRESH_INTERVAL = "5m";

export interface VaultDeliveryArgs {
  /** Vault's in-cluster URL, `https://vault.vault.svc:8200`. */
  readonly url: string;
  /** PEM of the CA that signed Vault's certificate. */
  readonly caCertificate: pulumi.Input<string>;
  /** The operator's webhook gate: stores and ExternalSecrets wait for it. */
  readonly operatorReady: pulumi.Resource;
  /** Where the per-namespace objects live in the resource tree. */
  readonly parent: pulumi.Resource;
}

/** The KV path of a credential: its namespace's folder, then its Secret's name. */
export function credentialPath(credential: Pick<Credential, "namespace" | "secretName">): string {
  return `${PLATFORM_FOLDER}/${credential.namespace}/${credential.secretName}`;
}

/** The SecretStore of one namespace: Vault's KV v2, logging in as that namespace's reader with its own role. */
export function storeSpec(namespace: string, url: string, caBundle: string): Record<string, unknown> {
  return {
    provider: {
      vault: {
        server: url,
        path: "kv",
        version: "v2",
        caBundle,
        auth: { kubernetes: { mountPath: "kubernetes", role: `platform-${namespace}`, serviceAccountRef: { name: VAULT_READER } } },
      },
    },
  };
}

/** The ExternalSecret that makes Secret `secretName` from the credential's KV entry, owned by it. */
export function externalSecretSpec(credential: Pick<Credential, "namespace" | "secretName">): Record<string, unknown> {
  return {
    refreshInterval: REFRESH_INTERVAL,
    secretStoreRef: { kind: "SecretStore", name: STORE },
    target: { name: credential.secretName, creationPolicy: "Owner" },
    dataFrom: [{ extract: { key: credentialPath(credential) } }],
  };
}

/**
 * Credentials from Vault: each credential's values are written to Vault's KV under
 * `platform/<namespace>/<secret>` by the configuration Job (they reach it in its own input
 * Secret, in Vault's namespace, which only that Job mounts), and an ExternalSecret in the
 * credential's namespace makes Secret `secretName` from there. Least privilege: no
 * workload namespace holds a Secret the program wrote, each namespace's store can read
 * only its own folder, and nothing but the Job can write to Vault. (ESO's PushSecret
 * would need the values as a Kubernetes Secret first, and the operator write rights in
 * Vault.)
 */
export class VaultDelivery implements CredentialDelivery {
  private readonly readers = new Map<string, VaultReader>();
  private readonly secrets: Record<string, Readonly<Record<string, pulumi.Input<string>>>> = {};
  private readonly stores = new Map<string, pulumi.Resource>();
  private readonly configured: Promise<pulumi.Resource>;
  private resolveConfigured!: (job: pulumi.Resource) => void;

  constructor(private readonly args: VaultDeliveryArgs) {
    this.configured = new Promise((resolve) => (this.resolveConfigured = resolve));
  }

  deliver(credential: Credential): pulumi.Resource {
    const path = credentialPath(credential);
    if (path in this.secrets) throw new Error(`credential ${credential.secretName} in ${credential.namespace} is delivered twice`);
    this.secrets[path] = credential.data;
    const store = this.storeOf(credential);
    return new k8s.apiextensions.CustomResource(
      credential.resourceName,
      {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: credential.secretName, namespace: credential.namespace },
        spec: externalSecretSpec(credential),
      },
      // Vault holds the values once the configuration ran: without it the first sync fails and waits a back-off.
      { parent: credential.parent, dependsOn: [...credential.dependsOn, store, this.args.operatorReady, this.configured] },
    );
  }

  /** Every namespace's reader and every credential: the configuration Job's input. */
  desired(): VaultDesiredConfig {
    return { readers: [...this.readers.values()], secrets: { ...this.secrets } };
  }

  /** The configuration Job exists: ExternalSecrets wait for it. */
  configuredBy(job: pulumi.Resource): void {
    this.resolveConfigured(job);
  }

  /**
   * A namespace of people's own apps: a store there that reads only `apps/<namespace>/`,
   * where they write their secrets themselves (an admin's Vault login may). Called once
   * every credential was delivered, so a platform namespace is known and refused.
   */
  appNamespace(namespace: string, dependsOn: readonly pulumi.Resource[]): pulumi.Resource {
    if (this.readers.has(namespace)) throw new Error(`vault.appNamespaces: ${namespace} is a namespace of the platform, whose store reads the platform's credentials; choose another name`);
    return this.makeStore(namespace, `${APPS_FOLDER}/${namespace}`, dependsOn);
  }

  private storeOf(credential: Credential): pulumi.Resource {
    return this.stores.get(credential.namespace) ?? this.makeStore(credential.namespace, `${PLATFORM_FOLDER}/${credential.namespace}`, credential.dependsOn);
  }

  private makeStore(namespace: string, folder: string, dependsOn: readonly pulumi.Input<pulumi.Resource>[]): pulumi.Resource {
    this.readers.set(namespace, { namespace, serviceAccount: VAULT_READER, paths: [folder] });
    const opts = { parent: this.args.parent, dependsOn: [...dependsOn] };
    const reader = new k8s.core.v1.ServiceAccount(`${namespace}-vault-reader`, { metadata: { name: VAULT_READER, namespace } }, opts);
    const caBundle = pulumi.output(this.args.caCertificate).apply((pem) => Buffer.from(pem).toString("base64"));
    const store = new k8s.apiextensions.CustomResource(
      `${namespace}-vault-store`,
      {
        apiVersion: "external-secrets.io/v1",
        kind: "SecretStore",
        metadata: { name: STORE, namespace },
        spec: caBundle.apply((bundle) => storeSpec(namespace, this.args.url, bundle)),
      },
      { ...opts, dependsOn: [...opts.dependsOn, reader, this.args.operatorReady] },
    );
    this.stores.set(namespace, store);
    return store;
  }
}
