import { cpuCores, memoryBytes } from "../components/lib/sizing";
import type { KubeClient } from "./kube-client";

/** What the checks need to know of a cluster, read once. */
export interface ClusterFacts {
  /** `gitVersion` of /version, e.g. v1.31.4+k3s1. */
  readonly version: string;
  readonly nodes: readonly NodeFacts[];
  readonly services: readonly ServiceFacts[];
  readonly storageClasses: readonly StorageClassFacts[];
  readonly runtimeClasses: readonly string[];
}

export interface NodeFacts {
  readonly name: string;
  readonly ready: boolean;
  /** Not cordoned (`spec.unschedulable`). */
  readonly schedulable: boolean;
  /** InternalIP and ExternalIP addresses. */
  readonly addresses: readonly string[];
  readonly cpu: number;
  readonly memoryBytes: number;
  /** Allocatable `nvidia.com/gpu`. */
  readonly gpus: number;
}

export interface ServiceFacts {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  /** Addresses asked for (spec.loadBalancerIP, MetalLB's annotation) and given (status). */
  readonly addresses: readonly string[];
  /** A LoadBalancer Service that has no address yet. */
  readonly pending: boolean;
}

export interface StorageClassFacts {
  readonly name: string;
  readonly provisioner: string;
  readonly isDefault: boolean;
}

type Json = Record<string, unknown>;

/**
 * Reads every fact in parallel and rejects with the first failure, once every request has
 * ended: none is left running after the report.
 */
export async function readClusterFacts(client: KubeClient): Promise<ClusterFacts> {
  const answers = await Promise.allSettled(
    ["/version", "/api/v1/nodes", "/api/v1/services", "/apis/storage.k8s.io/v1/storageclasses", "/apis/node.k8s.io/v1/runtimeclasses"].map(
      (path) => client.read(path),
    ),
  );
  const failed = answers.find((a) => a.status === "rejected");
  if (failed) throw failed.reason;
  const [version, nodes, services, classes, runtimes] = answers.map((a) => (a as PromiseFulfilledResult<unknown>).value);
  return {
    version: String(object(version).gitVersion ?? "unknown"),
    nodes: items(nodes).map(nodeFacts),
    services: items(services).map(serviceFacts),
    storageClasses: items(classes).map(storageClassFacts),
    runtimeClasses: items(runtimes).map((r) => String(object(r.metadata).name)),
  };
}

function nodeFacts(node: Json): NodeFacts {
  const status = object(node.status);
  const allocatable = object(status.allocatable);
  const conditions = list(status.conditions).map(object);
  return {
    name: String(object(node.metadata).name),
    ready: conditions.some((c) => c.type === "Ready" && c.status === "True"),
    schedulable: object(node.spec).unschedulable !== true,
    addresses: list(status.addresses)
      .map(object)
      .filter((a) => a.type === "InternalIP" || a.type === "ExternalIP")
      .map((a) => String(a.address)),
    cpu: quantity(allocatable.cpu, cpuCores),
    memoryBytes: quantity(allocatable.memory, memoryBytes),
    gpus: Number(allocatable["nvidia.com/gpu"] ?? 0) || 0,
  };
}

/** MetalLB reads either annotation, the older one still in wide use. */
const METALLB_ADDRESS_ANNOTATIONS = ["metallb.io/loadBalancerIPs", "metallb.universe.tf/loadBalancerIPs"];

function serviceFacts(service: Json): ServiceFacts {
  const metadata = object(service.metadata);
  const spec = object(service.spec);
  const annotations = object(metadata.annotations);
  const given = list(object(object(service.status).loadBalancer).ingress)
    .map((i) => object(i).ip)
    .filter((ip): ip is string => typeof ip === "string");
  const asked = [
    ...(typeof spec.loadBalancerIP === "string" ? [spec.loadBalancerIP] : []),
    ...METALLB_ADDRESS_ANNOTATIONS.flatMap((a) => (typeof annotations[a] === "string" ? annotations[a].split(",") : [])),
  ];
  return {
    namespace: String(metadata.namespace),
    name: String(metadata.name),
    type: String(spec.type ?? "ClusterIP"),
    addresses: [...new Set([...asked, ...given].map((a) => a.trim()))],
    pending: spec.type === "LoadBalancer" && given.length === 0,
  };
}

function storageClassFacts(storageClass: Json): StorageClassFacts {
  const metadata = object(storageClass.metadata);
  return {
    name: String(metadata.name),
    provisioner: String(storageClass.provisioner),
    isDefault: object(metadata.annotations)["storageclass.kubernetes.io/is-default-class"] === "true",
  };
}

/** A quantity the sizing helpers cannot read counts as none: the capacity check then says so. */
function quantity(value: unknown, parse: (text: string) => number): number {
  try {
    return typeof value === "string" ? parse(value) : 0;
  } catch {
    return 0;
  }
}

function items(list: unknown): Json[] {
  return (Array.isArray(object(list).items) ? (object(list).items as unknown[]) : []).map(object);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function object(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
