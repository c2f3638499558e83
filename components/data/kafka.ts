import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import { keptVolumeClaim } from "../lib/kept-volume-claim";
import type { Exposure } from "../lib/exposure";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { MONITORING_NAMESPACE } from "../platform";
import {
  INTERNAL_BOOTSTRAP,
  KAFKA_CLUSTER,
  KAFKA_NAMESPACE,
  KAFKA_POOL,
  KAFKA_PORTS,
  KAFKA_UI_NAMESPACE,
  KAFKA_UI_USER,
  type KafkaHosts,
  kafkaHosts,
  type KafkaSpec,
  kafkaSpec,
  kafkaUiAcls,
  LISTENER_CERTIFICATE_SECRET,
  listenerDnsNames,
  nodeClaimNames,
  nodePoolSpec,
  passwordSecretName,
  topicSpec,
  userAcls,
  userSpec,
} from "./kafka-resources";
import { podMonitor } from "./pod-monitor";
import { Strimzi, STRIMZI_NAMESPACE } from "./strimzi";

/** Labels Strimzi gives the pods of the cluster's nodes and of its entity operator. */
const NODE_PODS = { "strimzi.io/cluster": KAFKA_CLUSTER, "strimzi.io/kind": "Kafka", "strimzi.io/pool-name": KAFKA_POOL } as const;
const ENTITY_OPERATOR_PODS = { "strimzi.io/name": `${KAFKA_CLUSTER}-entity-operator` } as const;

/** How a client reaches the cluster, as the stack outputs show it. */
export interface KafkaEndpoints {
  /** `kafka.<domain>:<port>`: LAN clients, TLS with the platform CA, SCRAM-SHA-512. */
  readonly bootstrap: string;
  /** The names brokers advertise, each of which must resolve to the ingress address. */
  readonly brokers: readonly string[];
  /** `kafka-kafka-bootstrap.kafka.svc:9093`, for pods of the granted namespaces. */
  readonly inClusterBootstrap: string;
  /** User → its SCRAM-SHA-512 login; passwords are secrets. */
  readonly users: Readonly<Record<string, { readonly username: string; readonly password: pulumi.Output<string> }>>;
}

export interface KafkaArgs {
  readonly spec: KafkaSpec;
  /** The domain, and where the brokers' LAN names resolve: each gets a `hostsEntries` line. */
  readonly exposure: Pick<Exposure, "domain" | "address" | "endpoints">;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** The platform CA's ClusterIssuer: the listeners' certificate comes from it. */
  readonly issuer: { readonly name: string; readonly ready: pulumi.Resource };
  /** Traefik, whose CRDs the LAN route is made of. */
  readonly traefik: pulumi.Resource;
  /** The Prometheus operator, when observability is on. @default none: nothing scraped */
  readonly prometheusOperator?: pulumi.Resource;
  readonly credentials: CredentialSink;
}

/** What the cluster's namespace lets in: its nodes among themselves, the operator, granted clients, Kafka UI, Traefik, Prometheus. */
export function kafkaAllows(spec: KafkaSpec): NetworkAllow[] {
  return [
    { kind: "within-namespace" },
    { kind: "from-namespace", namespace: STRIMZI_NAMESPACE, ports: [KAFKA_PORTS.controller, KAFKA_PORTS.replication, KAFKA_PORTS.agent] },
    ...[...spec.clients, KAFKA_UI_NAMESPACE].map((namespace) => ({ kind: "from-namespace", namespace, ports: [KAFKA_PORTS.internal] }) as const),
    { kind: "from-gateway", ports: [KAFKA_PORTS.external] },
    { kind: "from-namespace", namespace: MONITORING_NAMESPACE, ports: [KAFKA_PORTS.metrics] },
    // The topic and user operators watch their resources; the nodes never call the API.
    { kind: "api-server", pods: ENTITY_OPERATOR_PODS },
  ];
}

/**
 * Traefik's route for LAN clients on the TCP entry point: it reads the TLS server name and
 * passes the connection on unopened, so the brokers' own certificate answers. The bootstrap
 * name reaches any node; each broker's name reaches that broker's Service.
 */
export function lanRouteSpec(hosts: KafkaHosts, entryPoint: string): Record<string, unknown> {
  const route = (host: string, service: string) => ({ match: `HostSNI(\`${host}\`)`, services: [{ name: service, port: KAFKA_PORTS.external }] });
  const bootstrap = route(hosts.bootstrap, `${KAFKA_CLUSTER}-kafka-external-bootstrap`);
  const brokers = hosts.brokers.filter((host) => host !== hosts.bootstrap).map((host, id) => route(host, `${KAFKA_CLUSTER}-${KAFKA_POOL}-external-${id}`));
  return { entryPoints: [entryPoint], routes: [bootstrap, ...brokers], tls: { passthrough: true } };
}

/**
 * Kafka in KRaft mode under Strimzi: its nodes on kept volumes, TLS listeners with the
 * platform CA's certificate for the cluster and the LAN, the declared topics, and SCRAM
 * users whose passwords the platform generates and delivers like every other credential.
 */
export class Kafka extends pulumi.ComponentResource {
  readonly endpoints: KafkaEndpoints;
  /** Kafka UI's own login to the cluster (secret). */
  readonly uiPassword: pulumi.Output<string>;

  constructor(name: string, args: KafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:Kafka", name, {}, opts);
    const { spec } = args;
    const hosts = kafkaHosts(args.exposure.domain, spec.brokers);
    // The bootstrap name is Kafka UI's page; the brokers' own names are served only on the entry point.
    for (const host of hosts.brokers.filter((host) => host !== hosts.bootstrap)) args.exposure.endpoints.addHost(host, args.exposure.address);
    const { namespace } = platformNamespace(KAFKA_NAMESPACE, { podSecurity: { level: "restricted" }, allow: kafkaAllows(spec), holdsData: true }, { parent: this });
    const strimzi = new Strimzi("strimzi", { sizing: args.sizing, kafkaNamespace: namespace, prometheusOperator: args.prometheusOperator }, { parent: this });
    const inNamespace = { parent: this, dependsOn: [namespace] };
    const certificate = this.listenerCertificate(name, hosts, args, namespace);
    const claims = nodeClaimNames(spec.brokers).map((claimName) =>
      keptVolumeClaim(claimName, { claimName, namespace: KAFKA_NAMESPACE, storageClass: args.storageClass, size: spec.storage }, inNamespace),
    );
    const afterOperator = (dependsOn: pulumi.Input<pulumi.Resource>[]) => ({ parent: this, dependsOn: [strimzi.ready, namespace, ...dependsOn] });
    const labels = { "strimzi.io/cluster": KAFKA_CLUSTER };
    const pool = this.custom(`${name}-node-pool`, "KafkaNodePool", { name: KAFKA_POOL, labels }, nodePoolSpec(spec, args.storageClass, args.sizing), afterOperator(claims));
    const cluster = this.custom(`${name}-cluster`, "Kafka", { name: KAFKA_CLUSTER }, kafkaSpec(spec, hosts, resources(args.sizing, "large")), afterOperator([certificate, pool]));
    for (const topic of spec.topics) {
      this.custom(`${name}-topic-${topic.name}`, "KafkaTopic", { name: topic.name, labels }, topicSpec(topic), afterOperator([cluster]));
    }
    const user = (username: string, acls: Record<string, unknown>[]) => {
      const password = new random.RandomPassword(`${name}-user-${username}-password`, { length: 32, special: false }, { parent: this });
      const secret = args.credentials.request({
        resourceName: `${name}-user-${username}-credential`,
        secretName: passwordSecretName(username),
        namespace: KAFKA_NAMESPACE,
        data: { password: password.result },
        parent: this,
        dependsOn: [namespace],
      });
      this.custom(`${name}-user-${username}`, "KafkaUser", { name: username, labels }, userSpec(username, acls), afterOperator([cluster, secret]));
      return password.result;
    };
    const users = Object.fromEntries(spec.users.map((u) => [u.name, { username: u.name, password: user(u.name, userAcls(u)) }]));
    this.uiPassword = user(KAFKA_UI_USER, kafkaUiAcls());
    new k8s.apiextensions.CustomResource(
      `${name}-lan-route`,
      { apiVersion: "traefik.io/v1alpha1", kind: "IngressRouteTCP", metadata: { name: "kafka-lan", namespace: KAFKA_NAMESPACE }, spec: lanRouteSpec(hosts, spec.entryPoint.name) },
      { parent: this, dependsOn: [namespace, args.traefik] },
    );
    if (args.prometheusOperator) {
      podMonitor("kafka", { namespace: KAFKA_NAMESPACE, podLabels: NODE_PODS, port: "tcp-prometheus" }, { parent: this, dependsOn: [namespace, args.prometheusOperator] });
    }
    this.endpoints = {
      bootstrap: `${hosts.bootstrap}:${spec.entryPoint.port}`,
      brokers: [...new Set(hosts.brokers)].map((host) => `${host}:${spec.entryPoint.port}`),
      inClusterBootstrap: INTERNAL_BOOTSTRAP,
      users,
    };
    this.registerOutputs({ endpoints: this.endpoints, uiPassword: this.uiPassword });
  }

  /** A Strimzi resource in the cluster's namespace. */
  private custom(
    resourceName: string,
    kind: string,
    metadata: { readonly name: string; readonly labels?: Record<string, string> },
    spec: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions,
  ): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(resourceName, { apiVersion: "kafka.strimzi.io/v1", kind, metadata: { ...metadata, namespace: KAFKA_NAMESPACE }, spec }, opts);
  }

  /** The listeners' certificate from the platform CA, in PKCS#8 as Strimzi reads it; renewed by cert-manager, rolled in by Strimzi. */
  private listenerCertificate(name: string, hosts: KafkaHosts, args: KafkaArgs, namespace: pulumi.Resource): pulumi.Resource {
    return new k8s.apiextensions.CustomResource(
      `${name}-listener-certificate`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: LISTENER_CERTIFICATE_SECRET, namespace: KAFKA_NAMESPACE },
        spec: {
          secretName: LISTENER_CERTIFICATE_SECRET,
          issuerRef: { kind: "ClusterIssuer", name: args.issuer.name },
          dnsNames: listenerDnsNames(hosts),
          privateKey: { algorithm: "RSA", size: 2048, encoding: "PKCS8", rotationPolicy: "Always" },
        },
      },
      { parent: this, dependsOn: [namespace, args.issuer.ready] },
    );
  }
}
