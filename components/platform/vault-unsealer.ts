import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { bundleService } from "../lib/service-bundle";
import { BUNDLE_POD_SECURITY } from "../lib/bundle-container";
import { VAULT_SERVICE, vaultServiceContainer, vaultServiceVolumes } from "./vault-service";

export interface VaultUnsealerArgs {
  readonly namespace: string;
  /** Vault's namespace, which the unsealer's objects wait for. */
  readonly namespaceResource: pulumi.Resource;
  /** Each Vault pod's API, the first being where a new Vault starts. */
  readonly podAddresses: readonly string[];
  /** The configuration Job's service account, which the unsealer gives a Vault role. */
  readonly configServiceAccount: string;
  readonly sizing: SizingProfile;
}

/** The Secret holding the unseal key and the root token: only the unsealer may read it. */
export const RECOVERY_SECRET = "vault-recovery";
/** Labels of the unsealer's pods. */
export const UNSEALER_PODS = { app: VAULT_SERVICE } as const;

/**
 * Only the recovery Secret, by name; `create` cannot be limited to a name in Kubernetes, but
 * creating other Secrets reveals nothing, and the unsealer refuses to replace this one.
 */
export function unsealerRules(): k8s.types.input.rbac.v1.PolicyRule[] {
  return [
    { apiGroups: [""], resources: ["secrets"], resourceNames: [RECOVERY_SECRET], verbs: ["get"] },
    { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
  ];
}

/**
 * Nobody types unseal keys: a Deployment running `services/vault-unsealer` initialises
 * Vault on first start, keeps the recovery material in a Secret only it reads, and unseals
 * every Vault pod whenever one is sealed (a restart, a node reboot).
 *
 * Ours rather than bank-vaults' vault-operator: initialising and unsealing is three calls of
 * Vault's API, which a few hundred tested lines on the Node image the platform already runs
 * do. The operator would replace the Vault chart with its own `Vault` resource, add CRDs, a
 * cluster-wide controller with rights on every Secret, images of its own and a release
 * cadence of its own, for one Vault.
 */
export class VaultUnsealer extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;

  constructor(name: string, args: VaultUnsealerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:VaultUnsealer", name, {}, opts);
    const ns = args.namespace;
    const bundle = bundleService(VAULT_SERVICE);
    const child = { parent: this, dependsOn: [args.namespaceResource] };
    const code = new k8s.core.v1.ConfigMap(`${name}-bundle`, { metadata: { name: `${VAULT_SERVICE}-bundle`, namespace: ns }, data: { [bundle.fileName]: bundle.code } }, child);
    const account = new k8s.core.v1.ServiceAccount(`${name}-account`, { metadata: { name: VAULT_SERVICE, namespace: ns } }, child);
    const role = new k8s.rbac.v1.Role(`${name}-role`, { metadata: { name: VAULT_SERVICE, namespace: ns }, rules: unsealerRules() }, child);
    const binding = new k8s.rbac.v1.RoleBinding(
      `${name}-role-binding`,
      {
        metadata: { name: VAULT_SERVICE, namespace: ns },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: VAULT_SERVICE },
        subjects: [{ kind: "ServiceAccount", name: VAULT_SERVICE, namespace: ns }],
      },
      child,
    );
    const env = [
      { name: "VAULT_ADDRESSES", value: args.podAddresses.join(",") },
      { name: "NAMESPACE", value: ns },
      { name: "RECOVERY_SECRET", value: RECOVERY_SECRET },
      { name: "CONFIG_SERVICE_ACCOUNT", value: args.configServiceAccount },
    ];
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: VAULT_SERVICE, namespace: ns },
        spec: {
          replicas: 1,
          // Never two unsealers: two first starts could both initialise.
          strategy: { type: "Recreate" },
          selector: { matchLabels: { ...UNSEALER_PODS } },
          template: {
            metadata: { labels: { ...UNSEALER_PODS }, annotations: { "homelab/bundle-sha256": bundle.sha256 } },
            spec: {
              serviceAccountName: VAULT_SERVICE,
              securityContext: BUNDLE_POD_SECURITY,
              containers: [vaultServiceContainer("unseal", bundle, env, args.sizing)],
              volumes: vaultServiceVolumes(`${VAULT_SERVICE}-bundle`),
            },
          },
        },
      },
      { parent: this, dependsOn: [args.namespaceResource, code, account, role, binding] },
    );
    this.registerOutputs({ deployment: this.deployment });
  }
}
