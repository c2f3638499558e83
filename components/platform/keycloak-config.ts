import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { contentName } from "../lib/content-name";
import { resyncCronJob } from "../lib/resync";
import { BUNDLE_POD_SECURITY, bundleContainer, bundleVolume } from "../lib/bundle-container";
import { bundleService } from "../lib/service-bundle";
import { resources } from "../lib/sizing";
import { KEYCLOAK_ADMIN_SECRET } from "./keycloak";
import type { RealmDocument } from "./keycloak-realm";

export interface KeycloakConfigArgs {
  readonly namespace: string;
  /** In-cluster base URL of Keycloak. */
  readonly keycloakUrl: string;
  /** What the realm must hold. */
  readonly realm: RealmDocument;
  /** Secret with key {@link REALM_SECRETS_KEY}: the clients' secrets and the people's first passwords. */
  readonly secretsName: string;
  readonly sizing: SizingProfile;
  /** Keycloak, the Secrets and the namespace: the Job waits for them. */
  readonly dependsOn: readonly pulumi.Input<pulumi.Resource>[];
}

const NAME = "keycloak-config";
/** Key of the realm secrets in their Secret. */
export const REALM_SECRETS_KEY = "secrets.json";
/** Labels of the sync Job's pods. */
export const KEYCLOAK_CONFIG_PODS = { app: NAME } as const;

/**
 * The realm as declared, from inside the cluster: a Job running `services/keycloak-config`
 * against Keycloak's admin API. Its name follows the declaration and the code, so a change
 * in the stack file (a person, a client, a redirect) runs it on the next `pulumi up`; the
 * same pod runs every hour (`resyncCronJob`), so edits made by hand in the console to what
 * the platform manages do not last.
 */
export class KeycloakConfig extends pulumi.ComponentResource {
  /** The run for the current declaration. */
  readonly job: k8s.batch.v1.Job;

  constructor(name: string, args: KeycloakConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:KeycloakConfig", name, {}, opts);
    const ns = args.namespace;
    const bundle = bundleService(NAME);
    const realm = JSON.stringify(args.realm);
    const code = new k8s.core.v1.ConfigMap(
      `${name}-bundle`,
      { metadata: { name: `${NAME}-bundle`, namespace: ns }, data: { [bundle.fileName]: bundle.code } },
      { parent: this, dependsOn: [...args.dependsOn] },
    );
    const secretEnv = (envName: string, secret: string, key: string) => ({ name: envName, valueFrom: { secretKeyRef: { name: secret, key } } });
    const jobSpec: k8s.types.input.batch.v1.JobSpec = {
      backoffLimit: 2,
      template: {
        metadata: { labels: { ...KEYCLOAK_CONFIG_PODS } },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          securityContext: BUNDLE_POD_SECURITY,
          containers: [
            bundleContainer({
              name: NAME,
              bundle,
              env: [
                { name: "KEYCLOAK_URL", value: args.keycloakUrl },
                secretEnv("KEYCLOAK_ADMIN_USERNAME", KEYCLOAK_ADMIN_SECRET, "username"),
                secretEnv("KEYCLOAK_ADMIN_PASSWORD", KEYCLOAK_ADMIN_SECRET, "password"),
                { name: "REALM", value: realm },
                secretEnv("SECRETS", args.secretsName, REALM_SECRETS_KEY),
              ],
              resources: resources(args.sizing, "small"),
            }),
          ],
          volumes: [bundleVolume(`${NAME}-bundle`)],
        },
      },
    };
    const jobOpts = { parent: this, dependsOn: [...args.dependsOn, code] };
    this.job = new k8s.batch.v1.Job(`${name}-job`, { metadata: { name: contentName(NAME, realm, bundle.sha256), namespace: ns }, spec: jobSpec }, jobOpts);
    // What people change in Keycloak's console among what the platform manages is put back on the hour.
    resyncCronJob(`${name}-resync`, { name: `${NAME}-resync`, namespace: ns, jobSpec }, jobOpts);
    this.registerOutputs({ job: this.job });
  }
}
