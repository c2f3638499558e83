import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { Credential } from "../lib/credentials";
import { NODE_IMAGE } from "../lib/service-bundle";
import { resources } from "../lib/sizing";
import type { VaultDesiredConfig } from "./vault-config";
import { credentialPath, readerFolder, readerRole, VAULT_READER, type VaultCredentialDelivery, VaultDeclarations } from "./vault-declarations";

/** The Secrets Store CSI driver's name, which a pod's `csi` volume names. */
export const CSI_DRIVER = "secrets-store.csi.k8s.io";
/** Vault's KV v2 mount: a provider reads `<mount>/data/<path>`. */
const KV_MOUNT = "kv";
/** In each namespace that receives credentials: the Deployment that keeps every class mounted. */
export const SECRET_MOUNTER = "secret-mounter";
const MOUNT_DIR = "/mnt/secrets";
/** The pause the mounter's one container runs: nothing but staying alive (busybox's sleep, in the Alpine-based Node image). */
const SLEEP_FOREVER = ["sleep", "2147483647"];

export interface VaultCsiDeliveryArgs {
  /** Vault's in-cluster URL, `https://vault.vault.svc:8200`. */
  readonly url: string;
  /** Path of the platform CA inside Vault's CSI provider, to check Vault's certificate. */
  readonly caFile: string;
  /** The CSI driver and provider: classes and mounters wait for them. */
  readonly csiReady: pulumi.Resource;
  readonly sizing: SizingProfile;
  /** Where the per-namespace objects live in the resource tree. */
  readonly parent: pulumi.Resource;
}

/** The SecretProviderClass of one credential: its Vault entry's keys as files, synced to Secret `secretName`. */
export function secretProviderClassSpec(
  credential: Pick<Credential, "namespace" | "secretName">,
  keys: readonly string[],
  vault: Pick<VaultCsiDeliveryArgs, "url" | "caFile">,
): Record<string, unknown> {
  const secretPath = `${KV_MOUNT}/data/${credentialPath(credential)}`;
  return {
    provider: "vault",
    parameters: {
      vaultAddress: vault.url,
      vaultCACertPath: vault.caFile,
      vaultKubernetesMountPath: "kubernetes",
      roleName: readerRole(credential.namespace),
      // The provider reads this parameter as YAML, of which JSON is a part.
      objects: JSON.stringify(keys.map((key) => ({ objectName: key, secretPath, secretKey: key }))),
    },
    secretObjects: [{ secretName: credential.secretName, type: "Opaque", data: keys.map((key) => ({ objectName: key, key })) }],
  };
}

/**
 * The mounter of a namespace: one pod, as its `vault-reader`, mounting every class of the
 * namespace, so the driver keeps each Secret synced and rotated while it runs. It needs no
 * API token of its own (the driver asks for one to hand the provider) and does nothing but sleep.
 */
export function mounterSpec(classes: readonly string[], sizing: SizingProfile): k8s.types.input.apps.v1.DeploymentSpec {
  const labels = { app: SECRET_MOUNTER };
  const volume = (index: number) => `class-${index}`;
  return {
    // One pod on lean sizing; two on full, so draining a node never leaves the Secrets without a mount (the driver removes a synced Secret with its last mount).
    replicas: sizing === "full" ? 2 : 1,
    // The new pod mounts before the old one leaves, for the same reason.
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        serviceAccountName: VAULT_READER,
        automountServiceAccountToken: false,
        // busybox's sleep ignores SIGTERM as process 1: a short grace ends it soon.
        terminationGracePeriodSeconds: 5,
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
          {
            name: "mount",
            image: NODE_IMAGE,
            command: SLEEP_FOREVER,
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            resources: resources(sizing, "tiny"),
            volumeMounts: classes.map((name, index) => ({ name: volume(index), mountPath: `${MOUNT_DIR}/${name}`, readOnly: true })),
          },
        ],
        volumes: classes.map((name, index) => ({ name: volume(index), csi: { driver: CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: name } } })),
      },
    },
  };
}

/**
 * Credentials from Vault through the Secrets Store CSI driver: the configuration Job writes
 * each to Vault's KV as with the operator, and a SecretProviderClass in its namespace names
 * the entry's keys, with a `secretObjects` entry that syncs them to Secret `secretName`, so
 * workloads keep reading a Kubernetes Secret and Reloader keeps rolling them on a change.
 *
 * The driver writes a synced Secret only while a pod mounts the class, and removes it with
 * the last mount. Most of the platform's pods are made by charts, whose pod specs the
 * program does not write; so each namespace runs a mounter (see `mounterSpec`) holding
 * every class of the namespace, and Secrets exist and rotate whatever the charts' pods do.
 * A workload waits for its namespace's mounter: ready means every Secret is written.
 */
export class VaultCsiDelivery implements VaultCredentialDelivery {
  private readonly declared = new VaultDeclarations();
  private readonly namespaces = new Map<string, { readonly reader: pulumi.Resource; readonly classes: pulumi.Resource[]; readonly names: string[]; readonly mounter: pulumi.Resource }>();
  private readonly allDelivered: Promise<void>;
  private closeDeliveries!: () => void;

  constructor(private readonly args: VaultCsiDeliveryArgs) {
    this.allDelivered = new Promise((resolve) => (this.closeDeliveries = resolve));
  }

  deliver(credential: Credential): pulumi.Resource {
    this.declared.credential(credential);
    const namespace = this.namespaceOf(credential);
    const keys = Object.keys(credential.data).sort();
    const spc = new k8s.apiextensions.CustomResource(
      credential.resourceName,
      {
        apiVersion: "secrets-store.csi.x-k8s.io/v1",
        kind: "SecretProviderClass",
        metadata: { name: credential.secretName, namespace: credential.namespace },
        spec: secretProviderClassSpec(credential, keys, this.args),
      },
      { parent: credential.parent, dependsOn: [...credential.dependsOn, this.args.csiReady] },
    );
    namespace.classes.push(spc);
    namespace.names.push(credential.secretName);
    return namespace.mounter;
  }

  /**
   * A namespace of people's own apps: ServiceAccount `vault-reader` there, whose role reads
   * only `apps/<namespace>/`; their pods run as it and mount classes of their own.
   */
  appNamespace(namespace: string, dependsOn: readonly pulumi.Resource[]): pulumi.Resource {
    this.declared.checkAppNamespace(namespace);
    return this.makeReader(namespace, readerFolder(namespace, "app"), dependsOn);
  }

  desired(): VaultDesiredConfig {
    this.closeDeliveries();
    return this.declared.desired();
  }

  configuredBy(job: pulumi.Resource): void {
    this.declared.configuredBy(job);
  }

  private namespaceOf(credential: Credential) {
    const known = this.namespaces.get(credential.namespace);
    if (known) return known;
    const name = credential.namespace;
    const reader = this.makeReader(name, readerFolder(name, "platform"), credential.dependsOn);
    const classes: pulumi.Resource[] = [];
    const names: string[] = [];
    // Made with the namespace's first credential, so every workload can wait for it; its
    // volumes are known once every credential was delivered.
    const spec = this.allDelivered.then(() => mounterSpec([...names].sort(), this.args.sizing));
    const after: Promise<pulumi.Input<pulumi.Resource>[]> = this.allDelivered.then(() => [...credential.dependsOn, reader, ...classes, this.declared.configured]);
    const mounter = new k8s.apps.v1.Deployment(
      `${name}-secret-mounter`,
      { metadata: { name: SECRET_MOUNTER, namespace: name }, spec },
      // Vault holds the values once the configuration ran: a mount before it fails and waits a back-off.
      { parent: this.args.parent, dependsOn: after },
    );
    const made = { reader, classes, names, mounter };
    this.namespaces.set(name, made);
    return made;
  }

  private makeReader(namespace: string, folder: string, dependsOn: readonly pulumi.Resource[]): pulumi.Resource {
    this.declared.reader(namespace, folder);
    return new k8s.core.v1.ServiceAccount(`${namespace}-vault-reader`, { metadata: { name: VAULT_READER, namespace } }, { parent: this.args.parent, dependsOn: [...dependsOn] });
  }
}
