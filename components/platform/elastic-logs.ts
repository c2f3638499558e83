import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { allowSpec, platformNamespace } from "../lib/platform-namespace";
import type { ScrapeTarget } from "../lib/scrape-target";
import { BUNDLE_POD_SECURITY } from "../lib/bundle-container";
import { contentName } from "../lib/content-name";
import { NODE_IMAGE } from "../lib/service-bundle";
import { resources } from "../lib/sizing";
import { WebhookGate } from "../lib/webhook-gate";
import { PLATFORM_CHARTS } from "./charts";
import {
  ELASTIC_NAME,
  ELASTIC_SECRETS,
  ELASTIC_STACK_VERSION,
  ELASTICSEARCH_PORT,
  elasticsearchSpec,
  elasticsearchUrl,
  KIBANA_PORT,
  kibanaSpec,
  LIFECYCLE_ROLE,
  rolesYml,
  SHIPPER_ROLE,
} from "./elasticsearch";
import { indexTemplate, LIFECYCLE_SCRIPT, lifecyclePolicy } from "./index-lifecycle";
import { FLUENT_BIT_PORT, FLUENT_BIT_RELEASE, fluentBitValues } from "./fluent-bit";

export const ECK_NAMESPACE = "elastic-system";
/** The operator's admission webhook: the API server calls it here. */
const ECK_WEBHOOK_PORT = 9443;
/** The chart's names for the webhook's Service and serving-certificate Secret (nameOverride `elastic-operator`). */
const ECK_WEBHOOK = { service: "elastic-operator-webhook", certificate: "elastic-operator-webhook", secret: "elastic-operator-webhook-cert" } as const;

/** DNS names the webhook's certificate must carry: the Service, as the API server calls it. */
export function webhookDnsNames(): string[] {
  const service = `${ECK_WEBHOOK.service}.${ECK_NAMESPACE}`;
  return [`${service}.svc`, `${service}.svc.cluster.local`];
}

/**
 * Chart values: CRDs, the webhook with a certificate cert-manager issues (its CA injected
 * by cert-manager) and refusing what it cannot check, only `managedNamespace` watched, no
 * telemetry, no metrics endpoint, and the namespace left to the platform.
 */
export function eckOperatorValues(args: { readonly sizing: SizingProfile; readonly managedNamespace: string }) {
  return {
    installCRDs: true,
    managedNamespaces: [args.managedNamespace],
    resources: resources(args.sizing, "medium"),
    webhook: { enabled: true, manageCerts: false, certManagerCert: ECK_WEBHOOK.certificate, certsSecret: ECK_WEBHOOK.secret, failurePolicy: "Fail", port: ECK_WEBHOOK_PORT },
    telemetry: { disabled: true },
    serviceMonitor: { enabled: false },
    global: { createOperatorNamespace: false },
  };
}

export interface ElasticLogsArgs {
  /** Where Elasticsearch, Kibana and Fluent Bit run: the monitoring namespace, which lets them talk. */
  readonly namespace: string;
  readonly sizing: SizingProfile;
  /** Each Elasticsearch node's volume: `20Gi`. */
  readonly size: string;
  /** How long indices are kept: `14d`. */
  readonly retention: string;
  readonly storageClass: string;
  /** Ship each node's systemd journal too. @default false */
  readonly nodeJournal?: boolean;
  readonly exposure: Exposure;
  /** Where the Elasticsearch logins are asked for. */
  readonly credentials: CredentialSink;
  /** The ClusterIssuer of the operator's webhook certificate, and what it waits for. */
  readonly issuer: { readonly name: string; readonly ready: pulumi.Resource };
  /** The namespace, and cert-manager. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Every pod's logs in Elasticsearch, one index per app, read in Kibana at
 * `https://kibana.<domain>`: the ECK operator runs one Elasticsearch and one Kibana, and
 * Fluent Bit on each node ships the lines (Alloy has no Elasticsearch writer).
 */
export class ElasticLogs extends pulumi.ComponentResource {
  readonly elasticsearchUrl: string;
  /** The superuser login, for Kibana. */
  readonly admin: { readonly username: string; readonly password: pulumi.Output<string> };
  /** Fluent Bit's own metrics. */
  readonly scrapeTargets: readonly ScrapeTarget[];

  constructor(name: string, args: ElasticLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:ElasticLogs", name, {}, opts);
    this.elasticsearchUrl = elasticsearchUrl(args.namespace);
    this.scrapeTargets = [
      { name: FLUENT_BIT_RELEASE, namespace: args.namespace, podLabels: { "app.kubernetes.io/name": FLUENT_BIT_RELEASE }, portName: "http", port: FLUENT_BIT_PORT, path: "/api/v2/metrics/prometheus" },
    ];
    const operator = this.operator(name, args);
    const inNamespace = { parent: this, dependsOn: [...args.dependsOn] };
    this.admitToNamespace(name, args.namespace, inNamespace);
    const admin = this.login(name, "admin", { username: "homelab-admin", roles: "superuser", secretName: ELASTIC_SECRETS.admin, namespace: args.namespace, credentials: args.credentials, dependsOn: args.dependsOn });
    const shipper = this.login(name, "shipper", { username: "fluent-bit", roles: SHIPPER_ROLE, secretName: ELASTIC_SECRETS.shipper, namespace: args.namespace, credentials: args.credentials, dependsOn: args.dependsOn });
    const lifecycle = this.login(name, "lifecycle", { username: "index-lifecycle", roles: LIFECYCLE_ROLE, secretName: ELASTIC_SECRETS.lifecycle, namespace: args.namespace, credentials: args.credentials, dependsOn: args.dependsOn });
    this.admin = { username: "homelab-admin", password: admin.password };
    // The roles file is no credential: it names privileges, not secrets.
    const roles = new k8s.core.v1.Secret(
      `${name}-roles`,
      { metadata: { name: ELASTIC_SECRETS.roles, namespace: args.namespace }, stringData: { "roles.yml": rolesYml() } },
      inNamespace,
    );
    const elasticsearch = new k8s.apiextensions.CustomResource(
      `${name}-elasticsearch`,
      { apiVersion: "elasticsearch.k8s.elastic.co/v1", kind: "Elasticsearch", metadata: { name: ELASTIC_NAME, namespace: args.namespace }, spec: elasticsearchSpec(args) },
      { parent: this, dependsOn: [...args.dependsOn, operator, admin.secret, shipper.secret, lifecycle.secret, roles], customTimeouts: { create: "20m", update: "20m" } },
    );
    const kibanaUrl = `https://kibana.${args.exposure.domain}`;
    new k8s.apiextensions.CustomResource(
      `${name}-kibana`,
      { apiVersion: "kibana.k8s.elastic.co/v1", kind: "Kibana", metadata: { name: ELASTIC_NAME, namespace: args.namespace }, spec: kibanaSpec(kibanaUrl) },
      { parent: this, dependsOn: [operator, elasticsearch], customTimeouts: { create: "20m", update: "20m" } },
    );
    exposeService(args.exposure, { name: "kibana", namespace: args.namespace, service: `${ELASTIC_NAME}-kb-http`, port: KIBANA_PORT }, inNamespace);
    installChart(
      FLUENT_BIT_RELEASE,
      PLATFORM_CHARTS.fluentBit,
      {
        namespace: args.namespace,
        values: fluentBitValues({ sizing: args.sizing, host: `${ELASTIC_NAME}-es-http`, port: ELASTICSEARCH_PORT, credentialsSecret: ELASTIC_SECRETS.shipper, nodeJournal: args.nodeJournal }),
      },
      // The template must be there before the first index, or Elasticsearch's own would make it a data stream.
      { parent: this, dependsOn: [...args.dependsOn, shipper.secret, this.indexLifecycle(name, args, [elasticsearch, lifecycle.secret])] },
    );
    this.registerOutputs({ elasticsearchUrl: this.elasticsearchUrl, admin: this.admin, scrapeTargets: this.scrapeTargets });
  }

  /** The operator in its own namespace, its webhook certificate from cert-manager; returns the gate on its webhook. */
  private operator(name: string, args: ElasticLogsArgs): pulumi.Resource {
    const { namespace } = platformNamespace(
      ECK_NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        allow: [
          { kind: "api-server" },
          { kind: "from-anywhere", ports: [ECK_WEBHOOK_PORT] },
          // The operator calls each Elasticsearch it runs to manage its nodes and users.
          { kind: "to-namespace", namespace: args.namespace, ports: [ELASTICSEARCH_PORT] },
        ],
      },
      { parent: this },
    );
    const certificate = new k8s.apiextensions.CustomResource(
      `${name}-webhook-certificate`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: ECK_WEBHOOK.certificate, namespace: ECK_NAMESPACE },
        spec: {
          secretName: ECK_WEBHOOK.secret,
          dnsNames: webhookDnsNames(),
          privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
          issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: args.issuer.name },
        },
      },
      { parent: this, dependsOn: [namespace, args.issuer.ready] },
    );
    const chart = installChart(
      "eck-operator",
      PLATFORM_CHARTS.eckOperator,
      { namespace: ECK_NAMESPACE, values: eckOperatorValues({ sizing: args.sizing, managedNamespace: args.namespace }) },
      { parent: this, dependsOn: [namespace, certificate] },
    );
    return new WebhookGate(
      `${name}-webhook-gate`,
      {
        webhook: "elastic-es-validation-v1.k8s.elastic.co",
        namespace: ECK_NAMESPACE,
        namespaceResource: namespace,
        probe: {
          apiVersion: "elasticsearch.k8s.elastic.co/v1",
          kind: "Elasticsearch",
          resource: "elasticsearches",
          namespaced: true,
          spec: { version: ELASTIC_STACK_VERSION, nodeSets: [{ name: "probe", count: 1 }] },
        },
        operator: chart,
        operatorVersion: PLATFORM_CHARTS.eckOperator.version,
        sizing: args.sizing,
      },
      { parent: this },
    );
  }

  /**
   * A Job that gives the log indices their lifecycle (deleted after the retention) and
   * replica count, once Elasticsearch answers. A changed policy or template is a new Job.
   */
  private indexLifecycle(name: string, args: ElasticLogsArgs, after: readonly pulumi.Input<pulumi.Resource>[]): k8s.batch.v1.Job {
    const policy = JSON.stringify(lifecyclePolicy(args.retention));
    const template = JSON.stringify(indexTemplate(args.sizing));
    const fromSecret = (key: string) => ({ secretKeyRef: { name: ELASTIC_SECRETS.lifecycle, key } });
    return new k8s.batch.v1.Job(
      `${name}-index-lifecycle`,
      {
        metadata: { name: contentName("index-lifecycle", policy, template), namespace: args.namespace },
        spec: {
          backoffLimit: 2,
          template: {
            spec: {
              restartPolicy: "Never",
              securityContext: BUNDLE_POD_SECURITY,
              containers: [
                {
                  name: "index-lifecycle",
                  image: NODE_IMAGE,
                  command: ["node", "--input-type=module", "-e", LIFECYCLE_SCRIPT],
                  env: [
                    { name: "ES_URL", value: this.elasticsearchUrl },
                    { name: "ES_USER", valueFrom: fromSecret("username") },
                    { name: "ES_PASSWORD", valueFrom: fromSecret("password") },
                    { name: "POLICY", value: policy },
                    { name: "TEMPLATE", value: template },
                  ],
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                  resources: resources(args.sizing, "tiny"),
                },
              ],
            },
          },
        },
      },
      { parent: this, dependsOn: [...after], customTimeouts: { create: "30m", update: "30m" } },
    );
  }

  /**
   * The namespace's own policy lets its pods talk to each other; this one adds the
   * operator on Elasticsearch's port and the Gateway on Kibana's (policies add up).
   */
  private admitToNamespace(name: string, namespace: string, opts: pulumi.CustomResourceOptions): void {
    const { ingress } = allowSpec(namespace, [
      { kind: "from-namespace", namespace: ECK_NAMESPACE, ports: [ELASTICSEARCH_PORT] },
      { kind: "from-gateway", ports: [KIBANA_PORT] },
    ]);
    new k8s.networking.v1.NetworkPolicy(`${name}-allow-elastic`, { metadata: { name: "allow-elastic", namespace }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress } }, opts);
  }

  /** A generated Elasticsearch login with its roles, delivered as a file-realm Secret (`username`, `password`, `roles`). */
  private login(
    name: string,
    who: string,
    args: { readonly username: string; readonly roles: string; readonly secretName: string; readonly namespace: string; readonly credentials: CredentialSink; readonly dependsOn: readonly pulumi.Resource[] },
  ): { readonly password: pulumi.Output<string>; readonly secret: Promise<pulumi.Resource> } {
    const password = new random.RandomPassword(`${name}-${who}-password`, { length: 32, special: false }, { parent: this }).result;
    const secret = args.credentials.request({
      resourceName: `${name}-${who}-login`,
      secretName: args.secretName,
      namespace: args.namespace,
      data: { username: args.username, password, roles: args.roles },
      parent: this,
      dependsOn: args.dependsOn,
    });
    return { password, secret };
  }
}
