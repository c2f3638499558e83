import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { platformUrlCalls } from "../lib/platform-url-calls";
import { resources } from "../lib/sizing";
import type { SsoClients } from "../platform";
import { KAFKA_CHARTS } from "./kafka-charts";
import { INTERNAL_BOOTSTRAP, KAFKA_NAMESPACE, KAFKA_PORTS, KAFKA_UI_NAMESPACE, KAFKA_UI_USER } from "./kafka-resources";

const NAME = "kafka-ui";
/** The UI's host label: `https://kafka.<domain>`, the name LAN clients bootstrap from too. */
export const KAFKA_UI_HOST = "kafka";
const HTTP_PORT = 8080;
const SERVICE_PORT = 80;
/** The cluster's name in the UI and in its RBAC rules. */
const CLUSTER = "homelab";
/** Groups of the realm: members of `users` browse, members of `admins` manage. */
export const KAFKA_UI_GROUPS = { users: "users", admins: "admins" } as const;

/** The Secret with the UI's own secrets (Kafka password, and the OIDC client secret or the login password), by key. */
const SECRET = { name: `${NAME}-secrets`, kafkaPassword: "kafka-password", clientSecret: "client-secret", loginPassword: "login-password" } as const;

/** Where the JVM trust store with the platform CA is built and read. */
const TRUST_STORE = "/trust/cacerts";
/** The app's image, pinned for the chart and the init container that builds the trust store with its `keytool`. */
export const KAFKA_UI_IMAGE = "ghcr.io/kafbat/kafka-ui:v1.3.0";

/** Single sign-on for the UI. */
export interface KafkaUiOidc {
  readonly clientId: string;
  /** The realm's issuer URL. */
  readonly issuerUrl: string;
  /** How the pod resolves the issuer's host (see `platformUrlCalls`). */
  readonly hostAliases: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
}

/** kafbat's RBAC: `users` read topics and messages, `admins` do everything. */
export function rbacRoles() {
  const subject = (group: string) => [{ provider: "oauth", type: "role", value: group }];
  return [
    {
      name: KAFKA_UI_GROUPS.admins,
      clusters: [CLUSTER],
      subjects: subject(KAFKA_UI_GROUPS.admins),
      permissions: [
        { resource: "applicationconfig", actions: "all" },
        { resource: "clusterconfig", actions: "all" },
        { resource: "topic", value: ".*", actions: "all" },
        { resource: "consumer", value: ".*", actions: "all" },
        { resource: "acl", actions: "all" },
      ],
    },
    {
      name: KAFKA_UI_GROUPS.users,
      clusters: [CLUSTER],
      subjects: subject(KAFKA_UI_GROUPS.users),
      permissions: [
        { resource: "clusterconfig", actions: ["view"] },
        { resource: "topic", value: ".*", actions: ["view", "messages_read"] },
        { resource: "consumer", value: ".*", actions: ["view"] },
        { resource: "acl", actions: ["view"] },
      ],
    },
  ];
}

/**
 * The application config: the cluster over TLS with the platform CA and Kafka UI's SCRAM
 * user; Keycloak login with RBAC by group when there is single sign-on, otherwise a login
 * form with one generated admin password, so the UI is never open to the whole LAN.
 * Secrets are Spring placeholders, filled from the environment.
 */
export function kafkaUiConfig(oidc: KafkaUiOidc | undefined) {
  const kafka = {
    clusters: [
      {
        name: CLUSTER,
        bootstrapServers: INTERNAL_BOOTSTRAP,
        properties: {
          "security.protocol": "SASL_SSL",
          "sasl.mechanism": "SCRAM-SHA-512",
          "sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_UI_USER}" password="\${KAFKA_PASSWORD}";`,
          "ssl.truststore.type": "PEM",
          "ssl.truststore.location": "/etc/platform-ca/ca.crt",
        },
      },
    ],
  };
  if (!oidc) {
    return { kafka, auth: { type: "LOGIN_FORM" }, spring: { security: { user: { name: "admin", password: "${LOGIN_PASSWORD}" } } } };
  }
  return {
    kafka,
    auth: {
      type: "OAUTH2",
      oauth2: {
        client: {
          keycloak: {
            clientId: oidc.clientId,
            clientSecret: "${OIDC_CLIENT_SECRET}",
            scope: "openid",
            "issuer-uri": oidc.issuerUrl,
            "user-name-attribute": "preferred_username",
            "client-name": "Keycloak",
            provider: "keycloak",
            "custom-params": { type: "oauth", "roles-field": "groups" },
          },
        },
      },
    },
    rbac: { roles: rbacRoles() },
  };
}

/**
 * The JVM calls the issuer over HTTPS: an init container copies the image's trust store
 * and adds the platform CA that signed the issuer's certificate. The tools are named by
 * the image's JAVA_HOME (Zulu's JRE on Alpine), not looked up on the PATH.
 */
function trustStore(sizing: SizingProfile) {
  const trust = { name: "trust", mountPath: "/trust" };
  const ca = { name: "platform-ca", mountPath: "/etc/platform-ca", readOnly: true };
  return {
    initContainers: [
      {
        name: "trust-store",
        image: KAFKA_UI_IMAGE,
        command: [
          "sh",
          "-c",
          `cp "$JAVA_HOME/lib/security/cacerts" ${TRUST_STORE} && chmod u+w ${TRUST_STORE} && "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias platform-ca -file /etc/platform-ca/ca.crt -keystore ${TRUST_STORE} -storepass changeit`,
        ],
        volumeMounts: [trust, ca],
        securityContext: CONTAINER_SECURITY,
        resources: resources(sizing, "small"),
      },
    ],
    mounts: [{ ...trust, readOnly: true }],
    env: [{ name: "JAVA_TOOL_OPTIONS", value: `-Djavax.net.ssl.trustStore=${TRUST_STORE} -Djavax.net.ssl.trustStorePassword=changeit` }],
  };
}

const CONTAINER_SECURITY = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/** Chart values: the config above, its secrets from the delivered Secret, the platform CA mounted, a restricted pod. */
export function kafkaUiValues(args: { readonly sizing: SizingProfile; readonly oidc?: KafkaUiOidc }) {
  const secret = (keyName: string) => ({ name: SECRET.name, keyName });
  const trust = args.oidc && trustStore(args.sizing);
  return {
    image: { tag: KAFKA_UI_IMAGE.split(":")[1] },
    yamlApplicationConfig: kafkaUiConfig(args.oidc),
    envs: {
      secretMappings: {
        KAFKA_PASSWORD: secret(SECRET.kafkaPassword),
        ...(args.oidc ? { OIDC_CLIENT_SECRET: secret(SECRET.clientSecret) } : { LOGIN_PASSWORD: secret(SECRET.loginPassword) }),
      },
    },
    env: trust?.env ?? [],
    ...(trust && { initContainers: trust.initContainers }),
    volumes: [{ name: "platform-ca", configMap: { name: "platform-ca" } }, ...(trust ? [{ name: "trust", emptyDir: {} }] : [])],
    volumeMounts: [{ name: "platform-ca", mountPath: "/etc/platform-ca", readOnly: true }, ...(trust?.mounts ?? [])],
    ...(args.oidc && args.oidc.hostAliases.length > 0 && { hostAliases: args.oidc.hostAliases }),
    resources: resources(args.sizing, "large"),
    // The image names its user, which the kubelet cannot check against runAsNonRoot: a number it can.
    podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: CONTAINER_SECURITY,
  };
}

export interface KafkaUiArgs {
  readonly sizing: SizingProfile;
  readonly exposure: Exposure;
  /** PEM of the platform CA: the cluster's listeners and the issuer are signed by it. */
  readonly caCertificate: pulumi.Input<string>;
  /** Kafka UI's own SCRAM password, which the cluster's KafkaUser holds. */
  readonly kafkaPassword: pulumi.Input<string>;
  /** Single sign-on; without it, a login form with a generated password. @default none */
  readonly sso?: SsoClients;
  readonly credentials: CredentialSink;
}

/** Kafka UI at `https://kafka.<domain>`: browse topics and messages, manage them as an admin. */
export class KafkaUi extends pulumi.ComponentResource {
  /** The login form's account when there is no single sign-on. */
  readonly login?: { readonly username: string; readonly password: pulumi.Output<string> };

  constructor(name: string, args: KafkaUiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:KafkaUi", name, {}, opts);
    const issuerCalls = args.sso && platformUrlCalls(args.exposure, [args.sso.issuerHost]);
    const allow: NetworkAllow[] = [
      { kind: "from-gateway", ports: [HTTP_PORT] },
      { kind: "to-namespace", namespace: KAFKA_NAMESPACE, ports: [KAFKA_PORTS.internal] },
      ...(issuerCalls ? [issuerCalls.allow] : []),
    ];
    const { namespace } = platformNamespace(KAFKA_UI_NAMESPACE, { podSecurity: { level: "restricted" }, allow, caCertificate: args.caCertificate }, { parent: this });
    const client = args.sso?.client({ clientId: NAME, redirectUris: [`https://${KAFKA_UI_HOST}.${args.exposure.domain}/login/oauth2/code/keycloak`] });
    const password = client ? undefined : new random.RandomPassword(`${name}-login-password`, { length: 24, special: false }, { parent: this }).result;
    this.login = password && { username: "admin", password };
    const secrets = args.credentials.request({
      resourceName: `${name}-secrets`,
      secretName: SECRET.name,
      namespace: KAFKA_UI_NAMESPACE,
      data: {
        [SECRET.kafkaPassword]: args.kafkaPassword,
        ...(client ? { [SECRET.clientSecret]: client.clientSecret } : { [SECRET.loginPassword]: password! }),
      },
      parent: this,
      dependsOn: [namespace],
    });
    const oidc = client && issuerCalls && { clientId: client.clientId, issuerUrl: client.issuerUrl, hostAliases: issuerCalls.hostAliases };
    installChart(NAME, KAFKA_CHARTS.kafkaUi, { namespace: KAFKA_UI_NAMESPACE, values: kafkaUiValues({ sizing: args.sizing, oidc }) }, { parent: this, dependsOn: [namespace, secrets] });
    exposeService(args.exposure, { name: KAFKA_UI_HOST, namespace: KAFKA_UI_NAMESPACE, service: NAME, port: SERVICE_PORT }, { parent: this, dependsOn: [namespace] });
    this.registerOutputs({ login: this.login });
  }
}
