import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { stringify } from "yaml";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { postgresCluster } from "../lib/postgres-cluster";
import type { ResourceRequirements } from "../lib/sizing";
import { SSO_CHARTS } from "./sso-charts";

export interface KeycloakArgs {
  readonly namespace: string;
  /** Host label: Keycloak answers at `https://<host>.<domain>`. */
  readonly host: string;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** The CloudNativePG operator's readiness, for Keycloak's database. */
  readonly postgresOperator: pulumi.Resource;
  readonly exposure: Exposure;
  /** Where the admin login's Secret is asked for. */
  readonly credentials: CredentialSink;
  /** What the namespace's objects wait for (the namespace). */
  readonly dependsOn: readonly pulumi.Resource[];
}

const NAME = "keycloak";
/** Keycloak's CloudNativePG Cluster. */
export const KEYCLOAK_DATABASE = `${NAME}-db`;
/** Secret with the bootstrap admin of the `master` realm: keys `username`, `password`. */
export const KEYCLOAK_ADMIN_SECRET = `${NAME}-admin`;
/** Keycloak's HTTP port behind its Service (the chart's `http` container port). */
export const KEYCLOAK_HTTP_PORT = 8080;
/** Health and metrics (the chart's `http-internal` port). */
export const KEYCLOAK_MANAGEMENT_PORT = 9000;
/** The Service the chart makes (`fullnameOverride` + `-http`), on port 80. */
export const KEYCLOAK_SERVICE = `${NAME}-http`;
const SERVICE_PORT = 80;
/** The admin of the `master` realm that Keycloak makes on its first start. */
export const KEYCLOAK_ADMIN_USER = "admin";

/** Replicas by profile: two share sessions through Infinispan, so one can restart under load. */
export function keycloakReplicas(sizing: SizingProfile): number {
  return sizing === "full" ? 2 : 1;
}

/**
 * Keycloak's own sizes: the JVM takes 70% of the memory limit as heap, and Keycloak 26
 * does not start in the half GiB the shared `large` size gives on lean.
 */
const KEYCLOAK_RESOURCES: Readonly<Record<SizingProfile, ResourceRequirements>> = {
  lean: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } },
  full: { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "4", memory: "2Gi" } },
};

type EnvVar = { readonly name: string; readonly value?: string; readonly valueFrom?: unknown };

/**
 * Chart values: the official image started in production mode on HTTP behind Traefik,
 * with the public URL fixed so tokens always name `https://<host>.<domain>` as issuer,
 * whatever address a request came in on.
 */
export function keycloakValues(args: { readonly url: string; readonly sizing: SizingProfile; readonly database: { readonly secretName: string; readonly host: string; readonly name: string } }) {
  const replicas = keycloakReplicas(args.sizing);
  const secretEnv = (name: string, secret: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  const env: EnvVar[] = [
    { name: "KC_HOSTNAME", value: args.url },
    // Traefik terminates TLS and sets X-Forwarded-*; Keycloak 26 reads them with this
    // option (the chart's `proxy.mode` sets KC_PROXY, which Keycloak 26 no longer has).
    { name: "KC_PROXY_HEADERS", value: "xforwarded" },
    { name: "KC_HTTP_ENABLED", value: "true" },
    // One replica keeps its caches to itself; two find each other through the database
    // (Keycloak 26's default jdbc-ping stack), so no DNS query or extra Service is needed.
    { name: "KC_CACHE", value: replicas > 1 ? "ispn" : "local" },
    secretEnv("KC_BOOTSTRAP_ADMIN_USERNAME", KEYCLOAK_ADMIN_SECRET, "username"),
    secretEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", KEYCLOAK_ADMIN_SECRET, "password"),
  ];
  return {
    fullnameOverride: NAME,
    replicas,
    command: ["/opt/keycloak/bin/kc.sh", "start"],
    // The chart's `extraEnv` is a YAML string (its schema refuses a list) that it indents
    // under the container's own env entries, so it must be a block list.
    extraEnv: stringify(env),
    http: { relativePath: "/" },
    proxy: { enabled: false },
    cache: { stack: "custom" },
    database: {
      vendor: "postgres",
      hostname: args.database.host,
      port: 5432,
      database: args.database.name,
      username: args.database.name,
      existingSecret: args.database.secretName,
      existingSecretKey: "password",
    },
    metrics: { enabled: true },
    health: { enabled: true },
    // The chart's default requires one pod per node, which a one-node cluster with two replicas cannot meet.
    affinity: "",
    securityContext: {
      runAsUser: 1000,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    resources: KEYCLOAK_RESOURCES[args.sizing],
  };
}

/**
 * Keycloak at `https://<host>.<domain>` on its own PostgreSQL (kept on destroy), with a
 * generated admin of the `master` realm that the realm sync logs in with.
 */
export class Keycloak extends pulumi.ComponentResource {
  /** The admin of the `master` realm; the password is secret. */
  readonly admin: { readonly username: string; readonly password: pulumi.Output<string> };
  /** The issuer base: `https://<host>.<domain>`; a realm's issuer is `<url>/realms/<realm>`. */
  readonly url: string;
  /** In-cluster base URL of the admin API, for the realm sync. */
  readonly internalUrl: string;
  /** The chart: the realm sync waits for Keycloak to be ready. */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: KeycloakArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:Keycloak", name, {}, opts);
    const ns = args.namespace;
    const password = new random.RandomPassword(`${name}-admin-password`, { length: 24, special: false }, { parent: this });
    this.admin = { username: KEYCLOAK_ADMIN_USER, password: password.result };
    this.url = `https://${args.host}.${args.exposure.domain}`;
    this.internalUrl = `http://${KEYCLOAK_SERVICE}.${ns}.svc:${SERVICE_PORT}`;
    const adminSecret = args.credentials.request({
      resourceName: `${name}-admin`,
      secretName: KEYCLOAK_ADMIN_SECRET,
      namespace: ns,
      data: { username: KEYCLOAK_ADMIN_USER, password: password.result },
      parent: this,
      dependsOn: args.dependsOn,
    });
    const database = postgresCluster(
      { name: KEYCLOAK_DATABASE, namespace: ns, database: NAME, size: "2Gi", storageClass: args.storageClass, sizing: args.sizing, operator: args.postgresOperator, dependsOn: args.dependsOn },
      { parent: this },
    );
    this.ready = installChart(
      NAME,
      SSO_CHARTS.keycloak,
      { namespace: ns, values: keycloakValues({ url: this.url, sizing: args.sizing, database: { secretName: database.secretName, host: database.host, name: NAME } }) },
      { parent: this, dependsOn: [...args.dependsOn, adminSecret] },
    );
    exposeService(args.exposure, { name: args.host, namespace: ns, service: KEYCLOAK_SERVICE, port: SERVICE_PORT }, { parent: this, dependsOn: args.dependsOn });
    this.registerOutputs({ admin: this.admin, url: this.url });
  }
}
