import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { resyncCronJob } from "../lib/resync";
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

/** People's login through the realm (the service's `OidcLogin`); the CA may be an output. */
export interface VaultOidcLogin {
  readonly issuerUrl: string;
  /** @default none: the issuer's certificate is publicly trusted (ACME) */
  readonly issuerCa?: pulumi.Input<string>;
  readonly clientId: string;
  /** Path in `secrets` whose `client-secret` is the client's secret. */
  readonly clientSecretPath: string;
  readonly redirectUris: readonly string[];
  readonly groupsClaim: string;
  readonly adminGroup: string;
  readonly userGroups: readonly string[];
}

/** What the configuration Job makes Vault hold: resolved, the service's `DesiredConfig` (`vault-config-contract.test.ts` checks they agree). */
export interface VaultDesiredConfig {
  readonly readers: readonly VaultReader[];
  /** People's login. @default none: the platform's `oidc/` method is removed */
  readonly oidc?: VaultOidcLogin;
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
  /**
   * With people's login declared: the realm sync. The first run may find the issuer not
   * answering yet (on a first install the realm is made after Vault delivered its
   * secrets), so it leaves the login for a second run that starts after the sync.
   * @default none
   */
  readonly loginAfter?: pulumi.Input<pulumi.Resource>;
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
  const oidc = desired.oidc && pulumi.output(desired.oidc.issuerCa).apply((issuerCa) => ({ ...desired.oidc!, issuerCa }));
  return pulumi
    .all([pulumi.all(paths.map((path) => pulumi.all(desired.secrets[path]!))), oidc])
    .apply(([values, login]) =>
      JSON.stringify({ readers, ...(login && { oidc: login }), secrets: Object.fromEntries(paths.map((path, index) => [path, values[index]])) }),
    );
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
 * what is declared among what the platform made: on a change of input or code (the Job),
 * and every hour (`resyncCronJob`) against changes made by hand.
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
    const jobSpec = (issuerMayBeDown: boolean): k8s.types.input.batch.v1.JobSpec => ({
      // Retries with Kubernetes' growing back-off cover a Vault still being unsealed.
      backoffLimit: 6,
      template: {
        metadata: { labels: { ...CONFIG_PODS } },
        spec: {
          serviceAccountName: CONFIG_SERVICE_ACCOUNT,
          restartPolicy: "Never",
          securityContext: BUNDLE_POD_SECURITY,
          containers: [
            vaultServiceContainer("configure", bundle, [...env, { name: "OIDC_ISSUER_MAY_BE_DOWN", value: String(issuerMayBeDown) }], args.sizing, [
              { name: "input", mountPath: INPUT_DIR, readOnly: true },
            ]),
          ],
          volumes: [...vaultServiceVolumes(`${VAULT_SERVICE}-bundle`), { name: "input", secret: { secretName: INPUT_SECRET } }],
        },
      },
    });
    const jobOpts = { parent: this, dependsOn: [account, input, ...args.dependsOn], customTimeouts: { create: "20m", update: "20m" } };
    const jobTitle = jobName(desired, bundle.sha256);
    this.job = new k8s.batch.v1.Job(`${name}-job`, { metadata: { name: jobTitle, namespace: ns }, spec: jobSpec(args.loginAfter !== undefined) }, jobOpts);
    if (args.loginAfter !== undefined) {
      new k8s.batch.v1.Job(
        `${name}-login-job`,
        { metadata: { name: jobTitle.apply((n) => n.replace(/^vault-config-/, "vault-config-login-")), namespace: ns }, spec: jobSpec(false) },
        { ...jobOpts, dependsOn: [...jobOpts.dependsOn, this.job, args.loginAfter] },
      );
    }
    // Policies, roles or platform secrets changed by hand in Vault are put back on the hour, from the same input.
    resyncCronJob(`${name}-resync`, { name: `${CONFIG_SERVICE_ACCOUNT}-resync`, namespace: ns, jobSpec: jobSpec(false) }, { parent: this, dependsOn: [account, input, ...args.dependsOn] });
    this.registerOutputs({ job: this.job });
  }
}
