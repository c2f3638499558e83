import type * as pulumi from "@pulumi/pulumi";
import type { Credential } from "../lib/credentials";
import type { VaultDesiredConfig, VaultReader } from "./vault-config";

/** The folder of the platform's credentials in Vault's KV, which the configuration owns. */
const PLATFORM_FOLDER = "platform";
/** The folder of people's own secrets, one sub-folder per app namespace; the configuration never writes or removes there. */
const APPS_FOLDER = "apps";
/** In each namespace that receives credentials: the ServiceAccount Vault admits. */
export const VAULT_READER = "vault-reader";

/** The KV path of a credential: its namespace's folder, then its Secret's name. */
export function credentialPath(credential: Pick<Credential, "namespace" | "secretName">): string {
  return `${PLATFORM_FOLDER}/${credential.namespace}/${credential.secretName}`;
}

/** The Kubernetes-auth role of a namespace's reader, as the configuration names it. */
export function readerRole(namespace: string): string {
  return `platform-${namespace}`;
}

/** How a namespace reads from Vault: the platform's folder of it, or an app namespace's own. */
export function readerFolder(namespace: string, kind: "platform" | "app"): string {
  return `${kind === "platform" ? PLATFORM_FOLDER : APPS_FOLDER}/${namespace}`;
}

/** How credentials travel from Vault, whichever way: what the secrets layer asks of it. */
export interface VaultCredentialDelivery {
  deliver(credential: Credential): pulumi.Resource;
  /** A namespace of people's own apps, reading only `kv/apps/<namespace>/`; refused for a namespace of the platform. */
  appNamespace(namespace: string, dependsOn: readonly pulumi.Resource[]): pulumi.Resource;
  /** Every namespace's reader and every credential: the configuration Job's input. Nothing is delivered afterwards. */
  desired(): VaultDesiredConfig;
  /** The configuration Job exists: what reads Vault waits for it. */
  configuredBy(job: pulumi.Resource): void;
}

/**
 * What either way of delivery declares to Vault's configuration: each namespace's reader
 * with its folder, each credential's values at its path, and the Job that applies them.
 */
export class VaultDeclarations {
  /** Resolves to the configuration Job once it is declared. */
  readonly configured: Promise<pulumi.Resource>;
  private readonly readers = new Map<string, VaultReader>();
  private readonly secrets: Record<string, Readonly<Record<string, pulumi.Input<string>>>> = {};
  private resolveConfigured!: (job: pulumi.Resource) => void;

  constructor() {
    this.configured = new Promise((resolve) => (this.resolveConfigured = resolve));
  }

  /** Records the credential's values at its path; a second credential at the same path is refused. */
  credential(credential: Credential): string {
    const path = credentialPath(credential);
    if (path in this.secrets) throw new Error(`credential ${credential.secretName} in ${credential.namespace} is delivered twice`);
    this.secrets[path] = credential.data;
    return path;
  }

  hasReader(namespace: string): boolean {
    return this.readers.has(namespace);
  }

  /** The namespace's ServiceAccount `vault-reader` may read `folder`. */
  reader(namespace: string, folder: string): void {
    this.readers.set(namespace, { namespace, serviceAccount: VAULT_READER, paths: [folder] });
  }

  /** Refuses an app namespace that already reads the platform's credentials. */
  checkAppNamespace(namespace: string): void {
    if (this.readers.has(namespace)) throw new Error(`vault.appNamespaces: ${namespace} is a namespace of the platform, whose store reads the platform's credentials; choose another name`);
  }

  desired(): VaultDesiredConfig {
    return { readers: [...this.readers.values()], secrets: { ...this.secrets } };
  }

  configuredBy(job: pulumi.Resource): void {
    this.resolveConfigured(job);
  }
}
