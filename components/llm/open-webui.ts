import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { LLM_CHARTS } from "./charts";
import { exposeService } from "../lib/expose-service";
import { backedUpPostgresCluster, type PostgresBackups, type VolumeBackups } from "../data";
import type { CredentialSink } from "../lib/credentials";
import type { Exposure } from "../lib/exposure";
import { keptVolumeClaim } from "../lib/kept-volume-claim";
import { NODE_IMAGE } from "../lib/service-bundle";
import { resources } from "../lib/sizing";

/** Where Open WebUI sends chats. */
export type ChatBackend =
  /** The gateway's OpenAI API: one key for Open WebUI, the gateway's limits and metrics. */
  | {
      readonly kind: "gateway";
      readonly url: string;
      readonly apiKey: pulumi.Input<string>;
      /** The gateway's model that document search embeds with. @default none: Open WebUI's own embedding model */
      readonly embeddingModel?: string;
    }
  /** Ollama's own API, nothing in between. */
  | { readonly kind: "ollama"; readonly url: string };

/** Keycloak (or any OIDC provider) login, once the identity layer exists. */
export interface OpenWebuiOidc {
  /** `https://<issuer>/.well-known/openid-configuration` */
  readonly providerUrl: string;
  readonly clientId: string;
  /** Secret holding the client secret, key `client-secret`: `open-webui-oidc` when the component makes it. */
  readonly clientSecretName: string;
  /** Groups of the token's `groups` claim whose members log in; anyone else is refused. */
  readonly allowedGroups: readonly string[];
  /** Members of this group are Open WebUI admins. */
  readonly adminGroup: string;
  /** How the pod resolves the issuer's host (see `platformUrlCalls`). */
  readonly hostAliases: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
}

/** Where the init container leaves the public roots plus the platform CA. */
const TRUST_BUNDLE = "/etc/homelab-trust/ca-bundle.crt";

/**
 * Open WebUI (Python) fetches the issuer's discovery document and keys over HTTPS, and
 * Python reads one bundle: the image's public roots (it also downloads models from the
 * internet) plus the platform CA that signed the issuer's certificate.
 */
function trustPlatformCa(sizing: SizingProfile) {
  const trust = { name: "trust", mountPath: "/etc/homelab-trust" };
  return {
    extraInitContainers: [
      {
        name: "trust-bundle",
        image: NODE_IMAGE,
        command: ["sh", "-c", `cat /etc/ssl/certs/ca-certificates.crt /etc/platform-ca/ca.crt > ${TRUST_BUNDLE}`],
        volumeMounts: [trust, { name: "platform-ca", mountPath: "/etc/platform-ca", readOnly: true }],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        resources: resources(sizing, "tiny"),
      },
    ],
    volumes: [
      { name: "trust", emptyDir: {} },
      // Published in every namespace made with the platform CA (platformNamespace).
      { name: "platform-ca", configMap: { name: "platform-ca" } },
    ],
    volumeMounts: { initContainer: [], container: [{ ...trust, readOnly: true }] },
    env: [
      { name: "SSL_CERT_FILE", value: TRUST_BUNDLE },
      { name: "REQUESTS_CA_BUNDLE", value: TRUST_BUNDLE },
    ],
  };
}

export interface OpenWebuiArgs {
  readonly namespace: string;
  readonly backend: ChatBackend;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  readonly postgresOperator: pulumi.Resource;
  /** Backups of its PostgreSQL. @default none: not archived */
  readonly postgresBackups?: PostgresBackups;
  /** Backups of its uploads volume. @default none: not backed up */
  readonly volumeBackups?: VolumeBackups;
  readonly exposure: Exposure;
  /** Single sign-on, with the client's secret; without it, local accounts. @default none */
  readonly oidc?: OpenWebuiOidc & { readonly clientSecret: pulumi.Input<string> };
  /** Where its Secrets (admin login, gateway key) are asked for. */
  readonly credentials: CredentialSink;
  /** Resources the namespace's objects wait for (the namespace). */
  readonly dependsOn: readonly pulumi.Resource[];
}

const NAME = "open-webui";
/** Open WebUI's CloudNativePG Cluster. */
export const OPEN_WEBUI_DATABASE = `${NAME}-db`;
const DATA_CLAIM = "open-webui-data";
/** The Secret the component makes with the OIDC client's secret (key `client-secret`). */
export const OPEN_WEBUI_OIDC_SECRET = `${NAME}-oidc`;
const SERVICE_PORT = 80;

/** The gateway's key, in the Secret the component makes. */
const GATEWAY_KEY = { name: `${NAME}-gateway-key`, key: "api-key" } as const;

/**
 * Document search (RAG) through the gateway's `/v1/embeddings`, with Open WebUI's key, so
 * embeddings are counted and bounded like chats, and no model is downloaded into Open WebUI.
 */
function ragThroughGateway(backend: ChatBackend) {
  if (backend.kind !== "gateway" || backend.embeddingModel === undefined) return [];
  return [
    { name: "RAG_EMBEDDING_ENGINE", value: "openai" },
    { name: "RAG_EMBEDDING_MODEL", value: backend.embeddingModel },
    { name: "RAG_OPENAI_API_BASE_URL", value: backend.url },
    { name: "RAG_OPENAI_API_KEY", valueFrom: { secretKeyRef: { ...GATEWAY_KEY } } },
  ];
}

/** Chart values: no bundled Ollama, pipelines or Redis (one replica needs none), data in PostgreSQL. */
export function openWebuiValues(args: Pick<OpenWebuiArgs, "backend" | "sizing"> & { readonly oidc?: OpenWebuiOidc; readonly url: string; readonly database: string }) {
  const gateway = args.backend.kind === "gateway";
  const secretEnv = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  const trust = args.oidc && trustPlatformCa(args.sizing);
  return {
    ollama: { enabled: false },
    pipelines: { enabled: false },
    websocket: { enabled: false },
    ollamaUrls: gateway ? [] : [args.backend.url],
    enableOpenaiApi: gateway,
    ...(gateway && {
      openaiBaseApiUrl: args.backend.url,
      openaiApiKeyExistingSecret: GATEWAY_KEY.name,
      openaiApiKeyExistingSecretKey: GATEWAY_KEY.key,
    }),
    // The claim is the platform's, kept on destroy; a chart-made one would go with the chart.
    persistence: { enabled: true, existingClaim: DATA_CLAIM },
    resources: resources(args.sizing, "large"),
    copyAppData: { resources: resources(args.sizing, "small") },
    extraEnvVars: [
      secretEnv("DATABASE_URL", args.database, "uri"),
      { name: "WEBUI_URL", value: args.url },
      // The first start makes this admin; nobody else can sign up on their own.
      secretEnv("WEBUI_ADMIN_EMAIL", `${NAME}-admin`, "email"),
      secretEnv("WEBUI_ADMIN_PASSWORD", `${NAME}-admin`, "password"),
      { name: "ENABLE_SIGNUP", value: "false" },
      // The gateway trusts these on Open WebUI's key only, and then bounds each person, not Open WebUI as one user.
      ...(gateway ? [{ name: "ENABLE_FORWARD_USER_INFO_HEADERS", value: "true" }] : []),
      ...ragThroughGateway(args.backend),
      ...(trust?.env ?? []),
    ],
    ...(trust && { extraInitContainers: trust.extraInitContainers, volumes: trust.volumes, volumeMounts: trust.volumeMounts }),
    ...(args.oidc && args.oidc.hostAliases.length > 0 && { hostAliases: args.oidc.hostAliases }),
    sso: args.oidc
      ? {
          enabled: true,
          // A person of the realm gets an account at their first login, with the role
          // their groups give (sign-up stays off for local accounts: ENABLE_SIGNUP).
          enableSignup: true,
          enableRoleManagement: true,
          roleManagement: { rolesClaim: "groups", allowedRoles: args.oidc.allowedGroups.join(","), adminRoles: args.oidc.adminGroup },
          oidc: {
            enabled: true,
            clientId: args.oidc.clientId,
            clientExistingSecret: args.oidc.clientSecretName,
            clientExistingSecretKey: "client-secret",
            providerUrl: args.oidc.providerUrl,
            providerName: "Keycloak",
          },
        }
      : { enabled: false },
  };
}

/** Open WebUI at `https://chat.<domain>`, with its own PostgreSQL and volume. */
export class OpenWebui extends pulumi.ComponentResource {
  readonly admin: { readonly email: string; readonly password: pulumi.Output<string> };

  constructor(name: string, args: OpenWebuiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:llm:OpenWebui", name, {}, opts);
    const ns = args.namespace;
    const child = { parent: this, dependsOn: [...args.dependsOn] };
    const password = new random.RandomPassword(`${name}-admin-password`, { length: 24, special: false }, { parent: this });
    this.admin = { email: `admin@${args.exposure.domain}`, password: password.result };
    const credential = (suffix: string, data: Record<string, pulumi.Input<string>>) =>
      args.credentials.request({ resourceName: `${name}-${suffix}`, secretName: `${NAME}-${suffix}`, namespace: ns, data, parent: this, dependsOn: args.dependsOn });
    const secrets = [credential("admin", { email: this.admin.email, password: password.result })];
    if (args.backend.kind === "gateway") secrets.push(credential("gateway-key", { [GATEWAY_KEY.key]: args.backend.apiKey }));
    if (args.oidc) secrets.push(credential("oidc", { "client-secret": args.oidc.clientSecret }));
    const database = backedUpPostgresCluster(
      args.postgresBackups,
      { name: OPEN_WEBUI_DATABASE, namespace: ns, database: "openwebui", size: "2Gi", storageClass: args.storageClass, sizing: args.sizing, operator: args.postgresOperator, dependsOn: args.dependsOn },
      this,
    );
    const url = `https://chat.${args.exposure.domain}`;
    const data = keptVolumeClaim(
      `${name}-data`,
      { claimName: DATA_CLAIM, namespace: ns, storageClass: args.storageClass, size: "2Gi", annotations: args.volumeBackups?.claimAnnotations },
      child,
    );
    // The image runs as root, so its files are root's: the backup reads them as root.
    args.volumeBackups?.schedule(ns, 0, this, [...args.dependsOn, data]);
    installChart(
      NAME,
      LLM_CHARTS.openWebui,
      { namespace: ns, values: openWebuiValues({ ...args, url, database: database.secretName }) },
      { parent: this, dependsOn: [...args.dependsOn, ...secrets, data] },
    );
    exposeService(args.exposure, { name: "chat", namespace: ns, service: NAME, port: SERVICE_PORT }, { parent: this, dependsOn: args.dependsOn });
    this.registerOutputs({ admin: this.admin });
  }
}
