import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import type { Exposure } from "../lib/exposure";
import { platformNamespace } from "../lib/platform-namespace";
import { postgresPods } from "../lib/postgres-cluster";
import { CLOUDNATIVE_PG_NAMESPACE, CNPG_INSTANCE_MANAGER_PORT, CNPG_METRICS_PORT } from "../system";
import { Keycloak, KEYCLOAK_DATABASE, KEYCLOAK_HTTP_PORT, KEYCLOAK_MANAGEMENT_PORT } from "./keycloak";
import { ForwardAuth } from "./forward-auth";
import { KeycloakConfig, REALM_SECRETS_KEY } from "./keycloak-config";
import { type Person, realmDocument, SSO_GROUPS, SSO_REALM } from "./keycloak-realm";
import { MONITORING_NAMESPACE } from "./kube-prometheus-stack";
import { SsoClientRegistry, type SsoClients } from "./sso-clients";

export interface SsoArgs {
  /** People of the realm, from the stack file. */
  readonly people: readonly Person[];
  /** Host label of Keycloak: `https://<host>.<domain>`. @default SSO_HOST */
  readonly host?: string;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** The CloudNativePG operator's readiness. */
  readonly postgresOperator: pulumi.Resource;
  readonly exposure: Exposure;
  /** Where the admin login and the realm's secrets are asked for. */
  readonly credentials: CredentialSink;
  /**
   * PEM of the CA that signs the Gateway's certificates, the issuer's among them; clients of
   * the realm trust the issuer with it. @default none: publicly trusted (ACME)
   */
  readonly issuerCa?: pulumi.Input<string>;
  /** Traefik's chart: the dashboard's forward-auth Middleware needs its CRD. */
  readonly traefik: pulumi.Resource;
}

/** The realm group that administers the platform: the only one let through forward auth. */
const [ADMIN_GROUP] = SSO_GROUPS;

/** Keycloak's namespace. */
export const SSO_NAMESPACE = "keycloak";
/** Host label of Keycloak and so of the issuer, `https://auth.<domain>`, unless a stack names another. */
export const SSO_HOST = "auth";
const REALM_SECRETS = "keycloak-config-secrets";

/**
 * Single sign-on: Keycloak with the realm `homelab`, its groups, the stack file's people
 * and an OIDC client for every UI that asks for one. The realm is declared once every
 * layer has asked ({@link Sso.declareRealm}).
 */
export class Sso extends pulumi.ComponentResource {
  readonly keycloak: Keycloak;
  /** Where later layers ask for their OIDC client. */
  readonly clients: SsoClients;
  /** `https://<host>.<domain>/realms/homelab`, exactly as tokens name it. */
  readonly issuerUrl: string;
  /** The realm sync's Job, once the realm is declared: what needs the realm to exist waits for it. */
  readonly realmSynced: Promise<pulumi.Resource>;
  private resolveRealmSynced!: (job: pulumi.Resource) => void;
  /** Each person's first password (secret), which Keycloak makes them change. */
  readonly initialPasswords: Readonly<Record<string, pulumi.Output<string>>>;
  private readonly registry: SsoClientRegistry;
  private readonly args: SsoArgs;
  private readonly waitFor: pulumi.Input<pulumi.Resource>[];

  constructor(name: string, args: SsoArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:Sso", name, {}, opts);
    this.args = args;
    this.realmSynced = new Promise((resolve) => (this.resolveRealmSynced = resolve));
    const namespace = platformNamespace(
      SSO_NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        allow: [
          { kind: "from-gateway", ports: [KEYCLOAK_HTTP_PORT] },
          // Prometheus, when the observability layer runs it, reads Keycloak's and its PostgreSQL's metrics.
          { kind: "from-namespace", namespace: MONITORING_NAMESPACE, ports: [KEYCLOAK_MANAGEMENT_PORT, CNPG_METRICS_PORT] },
          // Keycloak and its PostgreSQL, the replicas' shared caches, the realm sync.
          { kind: "within-namespace" },
          { kind: "from-namespace", namespace: CLOUDNATIVE_PG_NAMESPACE, ports: [CNPG_INSTANCE_MANAGER_PORT] },
          { kind: "api-server", pods: postgresPods(KEYCLOAK_DATABASE) },
        ],
        holdsData: true,
      },
      { parent: this },
    );
    const dependsOn = [namespace.namespace];
    const host = args.host ?? SSO_HOST;
    this.keycloak = new Keycloak(
      "keycloak",
      { namespace: SSO_NAMESPACE, host, storageClass: args.storageClass, sizing: args.sizing, postgresOperator: args.postgresOperator, exposure: args.exposure, credentials: args.credentials, dependsOn },
      { parent: this },
    );
    this.issuerUrl = `${this.keycloak.url}/realms/${SSO_REALM}`;
    this.registry = new SsoClientRegistry(this.issuerUrl, host, args.exposure.domain, this, args.issuerCa);
    this.clients = this.registry;
    new ForwardAuth(
      "forward-auth",
      { clients: this.registry, group: ADMIN_GROUP, sizing: args.sizing, exposure: args.exposure, credentials: args.credentials, traefik: args.traefik },
      { parent: this },
    );
    this.initialPasswords = Object.fromEntries(
      args.people.map((p) => [p.username, new random.RandomPassword(`${name}-${p.username}-initial-password`, { length: 20, special: false }, { parent: this }).result]),
    );
    const secrets = pulumi.secret(
      pulumi.output(this.registry.closed).apply((clients) =>
        pulumi.all({ clients: pulumi.all(Object.fromEntries(clients.map((c) => [c.clientId, c.secret]))), initialPasswords: pulumi.all(this.initialPasswords) }).apply((value) => JSON.stringify(value)),
      ),
    );
    const secretsDelivered = args.credentials.request({ resourceName: REALM_SECRETS, secretName: REALM_SECRETS, namespace: SSO_NAMESPACE, data: { [REALM_SECRETS_KEY]: secrets }, parent: this, dependsOn });
    this.waitFor = [this.keycloak.ready, secretsDelivered, ...dependsOn];
    this.registerOutputs({ issuerUrl: this.issuerUrl, initialPasswords: this.initialPasswords });
  }

  /** Ends the asking for clients and runs the realm sync with every client asked for. */
  declareRealm(): void {
    const clients = this.registry.close();
    const sync = new KeycloakConfig(
      "keycloak-config",
      { namespace: SSO_NAMESPACE, keycloakUrl: this.keycloak.internalUrl, realm: realmDocument(this.args.people, clients), secretsName: REALM_SECRETS, sizing: this.args.sizing, dependsOn: this.waitFor },
      { parent: this },
    );
    this.resolveRealmSynced(sync.job);
  }
}
