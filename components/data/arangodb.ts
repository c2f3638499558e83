import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { ARANGODB_CHARTS } from "./arangodb-charts";

export const ARANGODB_NAMESPACE = "arangodb";
/** The database and its UI; also the name of the client Service the operator makes. */
const DEPLOYMENT = "arangodb";
const ARANGODB_PORT = 8529;
/** The exporter sidecar the operator adds to each server pod, port named `exporter`. */
export const ARANGODB_EXPORTER_PORT = 9101;
/** The operator's own metrics (HTTPS, its self-made certificate), port named `metrics`. */
const OPERATOR_METRICS_PORT = 8528;
const OPERATOR_LABELS = { "app.kubernetes.io/name": "kube-arangodb" };
const ROOT_SECRET = "arangodb-root-password";

export const ARANGODB_IMAGE = "docker.io/arangodb/arangodb:3.12.4";

export interface ArangoDbArgs {
  /** Volume per server (each DB-Server on full, the single server on lean). */
  readonly size: string;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  readonly exposure: Exposure;
  readonly credentials: CredentialSink;
  /** The Prometheus operator and its namespace, when observability runs: the servers are scraped. @default none */
  readonly prometheus?: { readonly operator: pulumi.Resource; readonly namespace: string };
}

/** Values of the pinned chart (see its values.yaml). */
export function arangodbOperatorValues(sizing: SizingProfile): Record<string, unknown> {
  return {
    operator: {
      // Watches its own namespace only: a namespaced Role instead of a cluster-wide one.
      scope: "namespaced",
      resources: resources(sizing, "small"),
      // The chart's crds/ are applied (and upgraded) by Pulumi; the operator need not write CRDs.
      enableCRDManagement: false,
      enableCRDCreation: false,
      features: { deployment: true, storageCRD: false, networking: false, scheduler: false, platform: false },
    },
    // We make the PodMonitor ourselves, only when Prometheus is there.
    rbac: { extensions: { monitoring: false } },
  };
}

/** Memory and CPU of an arangod server: RocksDB's caches want more than the platform's sizes. */
function serverResources(sizing: SizingProfile) {
  return sizing === "lean"
    ? { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } }
    : { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } };
}

/** A server group with its volume, as a claim template (kube-arangodb's storageClassName is deprecated). */
function group(compute: { requests: Record<string, string>; limits: Record<string, string> }, storageClass: string, size: string) {
  return {
    resources: compute,
    volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], storageClassName: storageClass, resources: { requests: { storage: size } } } },
  };
}

/** Agents keep only the cluster's plan: a small volume does. */
const AGENT_VOLUME = "2Gi";

/**
 * The `ArangoDeployment`: one Single server on lean, a Cluster (three agents, three
 * DB-Servers, two coordinators) on full. TLS ends at the shared Gateway like every other UI:
 * the operator's own CA is one Traefik does not trust, so the servers speak plain HTTP
 * inside their namespace, which only the Gateway, Prometheus and its own pods reach.
 */
export function arangoDeploymentSpec(args: Pick<ArangoDbArgs, "size" | "storageClass" | "sizing">): Record<string, unknown> {
  const server = serverResources(args.sizing);
  const groups =
    args.sizing === "lean"
      ? { mode: "Single", single: group(server, args.storageClass, args.size) }
      : {
          mode: "Cluster",
          agents: { count: 3, ...group(resources("full", "medium"), args.storageClass, AGENT_VOLUME) },
          dbservers: { count: 3, ...group(server, args.storageClass, args.size) },
          // Coordinators keep no data: no volume.
          coordinators: { count: 2, resources: serverResources("lean") },
        };
  return {
    image: ARANGODB_IMAGE,
    // Production demands each agent and DB-Server on a node of its own; a homelab may have one.
    environment: "Development",
    ...groups,
    tls: { caSecretName: "None" },
    // The Gateway is the way in: no LoadBalancer of its own.
    externalAccess: { type: "None" },
    bootstrap: { passwordSecretNames: { root: ROOT_SECRET } },
    metrics: { enabled: true, tls: false },
  };
}

/** What the namespace lets in and out. */
export function arangodbAllows(prometheusNamespace: string | undefined): NetworkAllow[] {
  return [
    // The operator and the servers it runs (agents, DB-Servers, coordinators) talk to each other.
    { kind: "within-namespace" },
    { kind: "api-server", pods: OPERATOR_LABELS },
    { kind: "from-gateway", ports: [ARANGODB_PORT] },
    ...(prometheusNamespace ? [{ kind: "from-namespace", namespace: prometheusNamespace, ports: [ARANGODB_EXPORTER_PORT, OPERATOR_METRICS_PORT] } as const] : []),
  ];
}

/**
 * ArangoDB through kube-arangodb: the operator, one ArangoDeployment, its UI at
 * `https://arangodb.<domain>`, its root password generated and delivered as a credential.
 * The deployment and namespace are kept on `pulumi destroy`: the operator deletes the
 * servers' volumes with the deployment.
 */
export class ArangoDb extends pulumi.ComponentResource {
  /** The root login, for the `credentials` output. */
  readonly root: { readonly username: string; readonly password: pulumi.Output<string> };

  constructor(name: string, args: ArangoDbArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:ArangoDb", name, {}, opts);
    const { namespace } = platformNamespace(
      ARANGODB_NAMESPACE,
      {
        podSecurity: { level: "baseline", reason: "the operator's init and exporter containers set no restricted security context" },
        allow: arangodbAllows(args.prometheus?.namespace),
        holdsData: true,
      },
      { parent: this },
    );
    const chart = installChart(`${name}-operator`, ARANGODB_CHARTS.arangodb, { namespace: ARANGODB_NAMESPACE, values: arangodbOperatorValues(args.sizing) }, { parent: this, dependsOn: [namespace] });
    const password = new random.RandomPassword(`${name}-root-password`, { length: 32, special: false }, { parent: this });
    this.root = { username: "root", password: password.result };
    const rootSecret = args.credentials.request({
      resourceName: `${name}-root`,
      secretName: ROOT_SECRET,
      namespace: ARANGODB_NAMESPACE,
      data: { username: "root", password: password.result },
      parent: this,
      dependsOn: [namespace],
    });
    const deployment = new k8s.apiextensions.CustomResource(
      `${name}-deployment`,
      { apiVersion: "database.arangodb.com/v1", kind: "ArangoDeployment", metadata: { name: DEPLOYMENT, namespace: ARANGODB_NAMESPACE }, spec: arangoDeploymentSpec(args) },
      { parent: this, dependsOn: [chart, rootSecret], retainOnDelete: true },
    );
    exposeService(args.exposure, { name: "arangodb", namespace: ARANGODB_NAMESPACE, service: DEPLOYMENT, port: ARANGODB_PORT }, { parent: this, dependsOn: [namespace, deployment] });
    if (args.prometheus) this.monitor(name, args.prometheus.operator, namespace);
    this.registerOutputs({ root: this.root });
  }

  /** The servers' exporters, and the operator, whose certificate is its own (nothing secret is scraped). */
  private monitor(name: string, prometheusOperator: pulumi.Resource, namespace: pulumi.Resource): void {
    const after = { parent: this, dependsOn: [namespace, prometheusOperator] };
    const podMonitor = (suffix: string, labels: Record<string, string>, endpoint: Record<string, unknown>) =>
      new k8s.apiextensions.CustomResource(
        `${name}-${suffix}-pod-monitor`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "PodMonitor",
          metadata: { name: `arangodb-${suffix}`, namespace: ARANGODB_NAMESPACE },
          spec: { selector: { matchLabels: labels }, podMetricsEndpoints: [{ path: "/metrics", interval: "30s", ...endpoint }] },
        },
        after,
      );
    podMonitor("servers", { arango_deployment: DEPLOYMENT }, { port: "exporter" });
    podMonitor("operator", OPERATOR_LABELS, { port: "metrics", scheme: "https", tlsConfig: { insecureSkipVerify: true } });
  }
}
