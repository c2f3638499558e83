import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { PostgresBackups, VolumeBackups } from "../data";
import type { CredentialSink } from "../lib/credentials";
import type { Exposure } from "../lib/exposure";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { platformUrlCalls } from "../lib/platform-url-calls";
import { postgresPods } from "../lib/postgres-cluster";
import { MONITORING_NAMESPACE, type SsoClients } from "../platform";
import { CLOUDNATIVE_PG_NAMESPACE, CNPG_INSTANCE_MANAGER_PORT, CNPG_METRICS_PORT, type GpuCapability } from "../system";
import { type DeclaredModel, ragEmbeddingModel } from "./declared-model";
import type { GatewayImages, GatewayLimits } from "./gateway-limits";
import type { GatewayQuotas } from "./gateway-quotas";
import { hostedModelEgress, type HostedModel } from "./hosted-model";
import { GATEWAY_DATABASE, GATEWAY_METRICS_PORT, GATEWAY_PORT, LlmGateway } from "./llm-gateway";
import { ModelSync } from "./model-sync";
import { Ollama, OLLAMA_PORT, ollamaParallelism } from "./ollama";
import { OPEN_WEBUI_DATABASE, OPEN_WEBUI_OIDC_SECRET, OpenWebui } from "./open-webui";

export interface LlmArgs {
  readonly models: readonly DeclaredModel[];
  /** People and tools that get a gateway key. */
  readonly apiUsers: readonly string[];
  /** Open WebUI's own key is made under this name. */
  readonly openWebuiUser: string;
  readonly chatBackend: "gateway" | "ollama";
  readonly modelStorage: string;
  /** A prebuilt gateway image. @default the bundle */
  readonly gatewayImage?: string;
  /** The gateway's per-user bounds. @default the gateway's defaults */
  readonly gatewayLimits?: GatewayLimits;
  /** Clock skew the gateway accepts on OIDC tokens. @default 60 */
  readonly gatewayOidcClockToleranceSeconds?: number;
  /** Token quotas per user, group and everybody. @default none */
  readonly gatewayQuotas?: GatewayQuotas;
  /** Bounds on images in messages. @default the gateway component's */
  readonly gatewayImages?: GatewayImages;
  /** Models OpenAI-compatible servers serve next to Ollama; the gateway may reach exactly their hosts' ports. @default none */
  readonly hostedModels?: readonly HostedModel[];
  readonly gpu?: GpuCapability;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  readonly postgresOperator: pulumi.Resource;
  /** Backups of the gateway's and Open WebUI's PostgreSQL. @default none: not archived */
  readonly postgresBackups?: PostgresBackups;
  /** Backups of Open WebUI's uploads volume. @default none */
  readonly volumeBackups?: VolumeBackups;
  /** PEM of the platform CA: the gateway trusts it for platform URLs (the OIDC issuer). */
  readonly caCertificate: pulumi.Input<string>;
  /** The Prometheus operator, once the platform has one. @default none */
  readonly prometheusOperator?: pulumi.Resource;
  readonly exposure: Exposure;
  /** Where generated credentials are asked for. */
  readonly credentials: CredentialSink;
  /** Single sign-on: Open WebUI logs in through it and the gateway accepts its tokens. @default none: local accounts and API keys */
  readonly sso?: SsoClients;
}

/** Groups of the realm that may use the chat, and the one that administers it. */
const CHAT_GROUPS = { allowed: ["admins", "users"], admin: "admins" } as const;

const NAMESPACES = { ollama: "ollama", gateway: "llm-gateway", chat: "open-webui" } as const;

/** What a namespace with a CloudNativePG database and a Gateway-facing app needs; Prometheus scrapes `metricsPorts`. */
function appAllows(port: number, calls: NetworkAllow, database: string, metricsPorts: readonly number[]): NetworkAllow[] {
  return [
    { kind: "from-gateway", ports: [port] },
    calls,
    // The app and its PostgreSQL; the instance manager answers the operator and talks to
    // the API, the app itself does not.
    { kind: "within-namespace" },
    { kind: "from-namespace", namespace: CLOUDNATIVE_PG_NAMESPACE, ports: [CNPG_INSTANCE_MANAGER_PORT] },
    { kind: "api-server", pods: postgresPods(database) },
    ...(metricsPorts.length > 0 ? [{ kind: "from-namespace", namespace: MONITORING_NAMESPACE, ports: metricsPorts } as const] : []),
  ];
}

/**
 * Talking to a model at `https://chat.<domain>` (Open WebUI) and `https://llm.<domain>`
 * (the gateway's OpenAI API): Ollama with the declared models, reachable only from the two.
 */
export class Llm extends pulumi.ComponentResource {
  readonly gateway: LlmGateway;
  readonly openWebui: OpenWebui;
  /** Ollama's Deployment, for what scales it. */
  readonly ollama: pulumi.Resource;

  constructor(name: string, args: LlmArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:llm:Llm", name, {}, opts);
    const scraped = args.prometheusOperator !== undefined;
    const clients = args.chatBackend === "ollama" ? [NAMESPACES.gateway, NAMESPACES.chat] : [NAMESPACES.gateway];
    const { domain } = args.exposure;
    const issuerCalls = args.sso && platformUrlCalls(args.exposure, [args.sso.issuerHost]);
    const sso = args.sso && {
      chat: args.sso.client({ clientId: "open-webui", redirectUris: [`https://chat.${domain}/oauth/oidc/callback`] }),
      // No login happens at the gateway: its client exists so tokens can name it as audience.
      gateway: args.sso.client({ clientId: "llm-gateway", redirectUris: [] }),
    };
    const ollama = new Ollama(
      "ollama",
      { namespace: NAMESPACES.ollama, clients, storage: { className: args.storageClass, size: args.modelStorage }, gpu: args.gpu, sizing: args.sizing },
      { parent: this },
    );
    this.ollama = ollama.deployment;
    new ModelSync("model-sync", { namespace: NAMESPACES.ollama, ollamaHost: ollama.host, models: args.models, sizing: args.sizing, ollama: ollama.deployment, namespaceResource: ollama.namespace }, { parent: this });

    const gatewayNamespace = platformNamespace(
      NAMESPACES.gateway,
      {
        podSecurity: { level: "restricted" },
        allow: [
          ...appAllows(
            GATEWAY_PORT,
            { kind: "to-namespace", namespace: NAMESPACES.ollama, ports: [OLLAMA_PORT] },
            GATEWAY_DATABASE,
            scraped ? [GATEWAY_METRICS_PORT, CNPG_METRICS_PORT] : [],
          ),
          ...(args.chatBackend === "gateway" ? [{ kind: "from-namespace", namespace: NAMESPACES.chat, ports: [GATEWAY_PORT] } as const] : []),
          ...hostedModelEgress(args.hostedModels ?? []),
          ...(issuerCalls ? [issuerCalls.allow] : []),
          ...(args.postgresBackups?.allows ?? []),
        ],
        optIns: args.postgresBackups?.optIns,
        caCertificate: args.caCertificate,
        holdsData: true,
      },
      { parent: this },
    );
    this.gateway = new LlmGateway(
      "llm-gateway",
      {
        namespace: NAMESPACES.gateway,
        ollamaHost: ollama.host,
        ollamaParallelism: ollamaParallelism(args.sizing),
        limits: args.gatewayLimits,
        oidcClockToleranceSeconds: args.gatewayOidcClockToleranceSeconds,
        quotas: args.gatewayQuotas,
        images: args.gatewayImages,
        hostedModels: args.hostedModels,
        oidc: sso && issuerCalls && { issuer: sso.gateway.issuerUrl, audience: sso.gateway.clientId, hostAliases: issuerCalls.hostAliases },
        models: args.models,
        users: [...args.apiUsers, ...(args.chatBackend === "gateway" ? [args.openWebuiUser] : [])],
        forwardingUser: args.chatBackend === "gateway" ? args.openWebuiUser : undefined,
        // The realm's admins administer the chat, so they also see everybody's use of its models.
        usageAdminGroup: CHAT_GROUPS.admin,
        image: args.gatewayImage,
        startTimeout: ollama.startTimeout,
        storageClass: args.storageClass,
        sizing: args.sizing,
        postgresOperator: args.postgresOperator,
        postgresBackups: args.postgresBackups,
        prometheusOperator: args.prometheusOperator,
        exposure: args.exposure,
        credentials: args.credentials,
        dependsOn: [gatewayNamespace.namespace],
      },
      { parent: this },
    );

    const backendCall: NetworkAllow =
      args.chatBackend === "gateway"
        ? { kind: "to-namespace", namespace: NAMESPACES.gateway, ports: [GATEWAY_PORT] }
        : { kind: "to-namespace", namespace: NAMESPACES.ollama, ports: [OLLAMA_PORT] };
    const chatNamespace = platformNamespace(
      NAMESPACES.chat,
      {
        podSecurity: { level: "baseline", reason: "the Open WebUI image runs as root" },
        // Open WebUI downloads its embedding model for documents and can search the web.
        allow: [
          ...appAllows(8080, backendCall, OPEN_WEBUI_DATABASE, scraped ? [CNPG_METRICS_PORT] : []),
          { kind: "to-internet", ports: [443] },
          ...(issuerCalls ? [issuerCalls.allow] : []),
          ...(args.postgresBackups?.allows ?? []),
          ...(args.volumeBackups?.allows ?? []),
        ],
        optIns: [...(args.postgresBackups?.optIns ?? []), ...(args.volumeBackups?.optIns ?? [])],
        // Its OIDC client trusts the issuer's certificate, which the platform CA signed.
        ...(sso && { caCertificate: args.caCertificate }),
        holdsData: true,
      },
      { parent: this },
    );
    this.openWebui = new OpenWebui(
      "open-webui",
      {
        namespace: NAMESPACES.chat,
        backend:
          args.chatBackend === "gateway"
            ? { kind: "gateway", url: this.gateway.internalUrl, apiKey: this.gateway.apiKeys[args.openWebuiUser]!, embeddingModel: ragEmbeddingModel(args.models) }
            : { kind: "ollama", url: ollama.host },
        storageClass: args.storageClass,
        sizing: args.sizing,
        postgresOperator: args.postgresOperator,
        postgresBackups: args.postgresBackups,
        volumeBackups: args.volumeBackups,
        exposure: args.exposure,
        oidc: sso && issuerCalls && {
          providerUrl: sso.chat.discoveryUrl,
          clientId: sso.chat.clientId,
          clientSecret: sso.chat.clientSecret,
          clientSecretName: OPEN_WEBUI_OIDC_SECRET,
          allowedGroups: CHAT_GROUPS.allowed,
          adminGroup: CHAT_GROUPS.admin,
          hostAliases: issuerCalls.hostAliases,
        },
        credentials: args.credentials,
        dependsOn: [chatNamespace.namespace],
      },
      { parent: this },
    );
    this.registerOutputs({ gateway: this.gateway, openWebui: this.openWebui });
  }
}
