import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { exposeService } from "../lib/expose-service";
import { backedUpPostgresCluster, type PostgresBackups } from "../data";
import type { CredentialSink } from "../lib/credentials";
import type { Exposure } from "../lib/exposure";
import { bundleService, NODE_IMAGE } from "../lib/service-bundle";
import { resources } from "../lib/sizing";
import { RELOAD_ON_CHANGE } from "../system";
import type { DeclaredModel } from "./declared-model";
import { gatewayImagesEnv, gatewayLimitsEnv, type GatewayImages, type GatewayLimits } from "./gateway-limits";
import { apiKeyGroupsEnv, gatewayQuotasEnv, type GatewayQuotas } from "./gateway-quotas";
import { HOSTED_KEYS_SECRET, hostedKeyVariable, hostedModelsEnv, modelFallbacks, type HostedModel } from "./hosted-model";

export const GATEWAY_PORT = 8080;
/**
 * `/metrics` (per-user series) on a port of its own: the Gateway's route names only the API
 * port, and the namespace lets only monitoring namespaces reach this one.
 */
export const GATEWAY_METRICS_PORT = 9464;
const NAME = "llm-gateway";
const OIDC_CLOCK_TOLERANCE_DEFAULT = 60;
/** The gateway's CloudNativePG Cluster. */
export const GATEWAY_DATABASE = `${NAME}-db`;

export interface LlmGatewayArgs {
  readonly namespace: string;
  readonly ollamaHost: string;
  /** Requests Ollama serves at once; the gateway queues beyond that. */
  readonly ollamaParallelism: number;
  /** Per-user bounds; each left out takes the gateway's default. @default {} */
  readonly limits?: GatewayLimits;
  /** Token quotas per user, group and everybody. @default none */
  readonly quotas?: GatewayQuotas;
  /** Bounds on images in messages. @default GATEWAY_IMAGE_DEFAULTS */
  readonly images?: GatewayImages;
  /** Models OpenAI-compatible servers serve next to Ollama; their keys reach the pod as a credential. @default none */
  readonly hostedModels?: readonly HostedModel[];
  /** Clock skew accepted on OIDC tokens. @default 60 */
  readonly oidcClockToleranceSeconds?: number;
  /** Accept OIDC access tokens besides API keys. @default API keys only */
  readonly oidc?: GatewayOidc;
  readonly models: readonly DeclaredModel[];
  /** Users who get a generated API key. */
  readonly users: readonly string[];
  /** The user among `users` whose requests may name the person behind them (Open WebUI's), so limits apply per person. @default none */
  readonly forwardingUser?: string;
  /** The group whose members may read everybody's usage (`GET /v1/usage?all=true`). @default the gateway's own, `admins` */
  readonly usageAdminGroup?: string;
  /** A prebuilt image instead of the bundle on the stock Node image. @default the bundle */
  readonly image?: string;
  /**
   * How long Pulumi waits for the gateway to be ready: it reports ready only once Ollama
   * answers, so as long as Ollama's own start may take. @default Pulumi's 10 minutes
   */
  readonly startTimeout?: string;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** The CloudNativePG operator, for the gateway's PostgreSQL. */
  readonly postgresOperator: pulumi.Resource;
  /** Backups of its PostgreSQL. @default none: not archived */
  readonly postgresBackups?: PostgresBackups;
  /** The Prometheus operator, once the platform has one: the gateway gets a ServiceMonitor. @default none */
  readonly prometheusOperator?: pulumi.Resource;
  readonly exposure: Exposure;
  /** Where the API keys' Secret is asked for. */
  readonly credentials: CredentialSink;
  /** Resources the namespace's objects wait for (the namespace). */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** The OIDC issuer whose tokens the gateway accepts. */
export interface GatewayOidc {
  /** Exactly as the issuer names itself in its tokens and discovery document. */
  readonly issuer: string;
  /** The `aud` a token must carry. */
  readonly audience: string;
  /** How the pod resolves the issuer's host (see `platformUrlCalls`). */
  readonly hostAliases: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
}

/** `MODEL_ALIASES`: every model under its own name, and under its alias when it has one. */
export function modelAliases(models: readonly DeclaredModel[]): string {
  return models.flatMap((m) => (m.alias ? [m.name, `${m.alias}=${m.name}`] : [m.name])).join(",");
}

/** `MODEL_OPTIONS`: the context window and keep-alive Ollama gets with every request. */
export function modelOptions(models: readonly DeclaredModel[]): string {
  return JSON.stringify(
    models
      .filter((m) => m.numCtx !== undefined || m.keepAlive !== undefined)
      .map(({ name, numCtx, keepAlive }) => ({ name, numCtx, keepAlive })),
  );
}

/** The hosted models' variables: the served list, and each key from the Secret the credential makes. */
function hostedModelsVariables(models: readonly HostedModel[]) {
  return [
    { name: "HOSTED_MODELS", value: hostedModelsEnv(models) },
    ...models
      .filter((m) => m.apiKey !== undefined)
      .map((m) => ({ name: hostedKeyVariable(m.name), valueFrom: { secretKeyRef: { name: HOSTED_KEYS_SECRET, key: m.name } } })),
  ];
}

/** `API_KEYS`: `user:key` pairs. */
export function apiKeysEnv(keys: Readonly<Record<string, pulumi.Output<string>>>): pulumi.Output<string> {
  return pulumi.all(keys).apply((resolved) => Object.entries(resolved).map(([user, key]) => `${user}:${key}`).join(","));
}

/**
 * The platform's own LLM gateway (`services/llm-gateway`) in front of Ollama, at
 * `https://llm.<domain>`. It needs no registry: its bundle ships in a ConfigMap and runs on
 * the official Node image; a new bundle is a new pod-template hash, so the pods roll.
 */
export class LlmGateway extends pulumi.ComponentResource {
  /** The OpenAI-compatible base URL inside the cluster. */
  readonly internalUrl: string;
  /** User → generated API key (secret). */
  readonly apiKeys: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: LlmGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:llm:LlmGateway", name, {}, opts);
    const ns = args.namespace;
    const child = { parent: this, dependsOn: [...args.dependsOn] };
    this.apiKeys = Object.fromEntries(
      args.users.map((user) => [
        user,
        pulumi.interpolate`sk-${new random.RandomPassword(`${name}-key-${user}`, { length: 40, special: false }, { parent: this }).result}`,
      ]),
    );
    const keys = args.credentials.request({
      resourceName: `${name}-api-keys`,
      secretName: `${NAME}-api-keys`,
      namespace: ns,
      data: { API_KEYS: apiKeysEnv(this.apiKeys) },
      parent: this,
      dependsOn: args.dependsOn,
    });
    const hosted = args.hostedModels ?? [];
    const keyed = hosted.filter((m) => m.apiKey !== undefined);
    const hostedKeys =
      keyed.length > 0
        ? [
            args.credentials.request({
              resourceName: `${name}-hosted-keys`,
              secretName: HOSTED_KEYS_SECRET,
              namespace: ns,
              data: Object.fromEntries(keyed.map((m) => [m.name, m.apiKey!])),
              parent: this,
              dependsOn: args.dependsOn,
            }),
          ]
        : [];
    const database = backedUpPostgresCluster(
      args.postgresBackups,
      { name: GATEWAY_DATABASE, namespace: ns, database: "gateway", size: "2Gi", storageClass: args.storageClass, sizing: args.sizing, operator: args.postgresOperator, dependsOn: args.dependsOn },
      this,
    );
    const bundle = args.image ? undefined : bundleService(NAME);
    const code =
      bundle &&
      new k8s.core.v1.ConfigMap(`${name}-bundle`, { metadata: { name: `${NAME}-bundle`, namespace: ns }, data: { [bundle.fileName]: bundle.code } }, child);
    const labels = { app: NAME };
    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: NAME, namespace: ns, annotations: { ...RELOAD_ON_CHANGE } },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels, annotations: bundle ? { "homelab/bundle-sha256": bundle.sha256 } : {} },
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
              // Running streams get the gateway's own grace period to finish.
              terminationGracePeriodSeconds: 30,
              ...(args.oidc && args.oidc.hostAliases.length > 0 && { hostAliases: args.oidc.hostAliases.map((a) => ({ ip: a.ip, hostnames: [...a.hostnames] })) }),
              containers: [
                {
                  name: NAME,
                  image: args.image ?? NODE_IMAGE,
                  ...(bundle && { command: ["node", `/app/${bundle.fileName}`] }),
                  ports: [
                    { name: "http", containerPort: GATEWAY_PORT },
                    { name: "metrics", containerPort: GATEWAY_METRICS_PORT },
                  ],
                  env: [
                    { name: "PORT", value: String(GATEWAY_PORT) },
                    { name: "METRICS_PORT", value: String(GATEWAY_METRICS_PORT) },
                    { name: "OLLAMA_HOST", value: args.ollamaHost },
                    { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: database.secretName, key: "uri" } } },
                    { name: "API_KEYS", valueFrom: { secretKeyRef: { name: `${NAME}-api-keys`, key: "API_KEYS" } } },
                    { name: "MODEL_ALIASES", value: modelAliases(args.models) },
                    { name: "MODEL_OPTIONS", value: modelOptions(args.models) },
                    ...hostedModelsVariables(hosted),
                    { name: "MODEL_FALLBACKS", value: modelFallbacks(args.models, hosted) },
                    ...(args.forwardingUser ? [{ name: "FORWARDED_IDENTITY_USERS", value: args.forwardingUser }] : []),
                    ...apiKeyGroupsEnv(args.forwardingUser),
                    ...(args.usageAdminGroup ? [{ name: "USAGE_ADMIN_GROUPS", value: args.usageAdminGroup }] : []),
                    { name: "UPSTREAM_PARALLELISM", value: String(args.ollamaParallelism) },
                    ...gatewayLimitsEnv(args.limits ?? {}, args.ollamaParallelism),
                    ...gatewayImagesEnv(args.images ?? {}),
                    ...gatewayQuotasEnv(args.quotas ?? {}),
                    { name: "OIDC_CLOCK_TOLERANCE_SECONDS", value: String(args.oidcClockToleranceSeconds ?? OIDC_CLOCK_TOLERANCE_DEFAULT) },
                    ...(args.oidc ? [{ name: "OIDC_ISSUER", value: args.oidc.issuer }, { name: "OIDC_AUDIENCE", value: args.oidc.audience }] : []),
                    // Node adds these to its own roots: the OIDC issuer's certificate is the platform's.
                    { name: "NODE_EXTRA_CA_CERTS", value: "/etc/platform-ca/ca.crt" },
                  ],
                  // /readyz waits up to 2 s for Ollama; a probe that gives up sooner would fail a healthy gateway.
                  readinessProbe: { httpGet: { path: "/readyz", port: "http" }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
                  livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 20 },
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                  resources: resources(args.sizing, "medium"),
                  volumeMounts: [
                    { name: "platform-ca", mountPath: "/etc/platform-ca", readOnly: true },
                    ...(bundle ? [{ name: "code", mountPath: "/app", readOnly: true }] : []),
                  ],
                },
              ],
              volumes: [
                // Published in every namespace made with the platform CA (platformNamespace).
                { name: "platform-ca", configMap: { name: "platform-ca" } },
                ...(bundle ? [{ name: "code", configMap: { name: `${NAME}-bundle` } }] : []),
              ],
            },
          },
        },
      },
      {
        parent: this,
        dependsOn: [...args.dependsOn, keys, ...hostedKeys, ...(code ? [code] : [])],
        ...(args.startTimeout && { customTimeouts: { create: args.startTimeout, update: args.startTimeout } }),
      },
    );
    new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: NAME, namespace: ns, labels },
        spec: {
          selector: labels,
          ports: [
            { name: "http", port: GATEWAY_PORT, targetPort: "http" },
            { name: "metrics", port: GATEWAY_METRICS_PORT, targetPort: "metrics" },
          ],
        },
      },
      child,
    );
    if (args.prometheusOperator) {
      new k8s.apiextensions.CustomResource(
        `${name}-monitor`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "ServiceMonitor",
          metadata: { name: NAME, namespace: ns },
          spec: { selector: { matchLabels: labels }, endpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }] },
        },
        { parent: this, dependsOn: [...args.dependsOn, args.prometheusOperator] },
      );
    }
    // Only the API port, and on it only /v1, is published: /metrics and the probes stay inside.
    exposeService(args.exposure, { name: "llm", namespace: ns, service: NAME, port: GATEWAY_PORT, pathPrefixes: ["/v1"] }, { parent: this, dependsOn: args.dependsOn });
    this.internalUrl = `http://${NAME}.${ns}.svc:${GATEWAY_PORT}/v1`;
    this.registerOutputs({ internalUrl: this.internalUrl, apiKeys: this.apiKeys });
  }
}
