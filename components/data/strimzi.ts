import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { MONITORING_NAMESPACE } from "../platform";
import { KAFKA_CHARTS } from "./kafka-charts";
import { KAFKA_NAMESPACE, KAFKA_PORTS } from "./kafka-resources";
import { podMonitor } from "./pod-monitor";

export const STRIMZI_NAMESPACE = "strimzi";

/** The operator's pods, as its chart labels them. */
export const STRIMZI_OPERATOR_PODS = { "strimzi.io/kind": "cluster-operator" } as const;

/** The operator's health and `/metrics` port, as its chart names it. */
const OPERATOR_HTTP = { name: "http", port: 8080 } as const;

export interface StrimziArgs {
  readonly sizing: SizingProfile;
  /** The namespace it runs Kafka in: the chart binds the operator's roles there. */
  readonly kafkaNamespace: pulumi.Resource;
  /** The Prometheus operator, when observability is on: the operator gets a PodMonitor. @default none */
  readonly prometheusOperator?: pulumi.Resource;
}

/** Chart values: one watched namespace, pods that pass the restricted Pod Security Standard. */
export function strimziValues(sizing: SizingProfile) {
  return {
    watchNamespaces: [KAFKA_NAMESPACE],
    // A JVM: "large" is the size its chart asks for itself (384 Mi).
    resources: resources(sizing, "large"),
    extraEnvs: [
      // Makes the Kafka and entity operator pods it creates run restricted, as the namespace enforces.
      { name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" },
      // Its own policies would open the listeners to every namespace (policies add up): the
      // namespace's policy alone decides who connects.
      { name: "STRIMZI_NETWORK_POLICY_GENERATION", value: "false" },
    ],
  };
}

/** What the operator's namespace lets through: the API, its Kafka pods' admin ports, Prometheus. */
export function strimziAllows(): NetworkAllow[] {
  return [
    { kind: "api-server" },
    { kind: "to-namespace", namespace: KAFKA_NAMESPACE, ports: [KAFKA_PORTS.controller, KAFKA_PORTS.replication, KAFKA_PORTS.agent] },
    { kind: "from-namespace", namespace: MONITORING_NAMESPACE, ports: [OPERATOR_HTTP.port] },
  ];
}

/**
 * The Strimzi cluster operator, watching the Kafka namespace only. It has no admission
 * webhook: Kafka resources wait for its chart, whose CRDs they need.
 */
export class Strimzi extends pulumi.ComponentResource {
  /** The chart: its CRDs and the running operator. */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: StrimziArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:Strimzi", name, {}, opts);
    const { namespace } = platformNamespace(STRIMZI_NAMESPACE, { podSecurity: { level: "restricted" }, allow: strimziAllows() }, { parent: this });
    this.ready = installChart(
      name,
      KAFKA_CHARTS.strimzi,
      { namespace: STRIMZI_NAMESPACE, values: strimziValues(args.sizing) },
      { parent: this, dependsOn: [namespace, args.kafkaNamespace] },
    );
    if (args.prometheusOperator) {
      podMonitor("strimzi-operator", { namespace: STRIMZI_NAMESPACE, podLabels: STRIMZI_OPERATOR_PODS, port: OPERATOR_HTTP.name }, { parent: this, dependsOn: [namespace, args.prometheusOperator] });
    }
    this.registerOutputs({ ready: this.ready });
  }
}
