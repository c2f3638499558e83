import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SHARED_GATEWAY } from "./shared-gateway";

/** The Pod Security Standard a namespace enforces. */
export type PodSecurity =
  | { readonly level: "restricted" }
  | {
      readonly level: "baseline" | "privileged";
      /** Why the workload cannot run restricted: kept on the namespace for whoever looks. */
      readonly reason: string;
    };

/** Labels that select pods, as a NetworkPolicy's `podSelector.matchLabels`. */
export type PodLabels = Readonly<Record<string, string>>;

/** A namespace label another namespace's allow selects on: the client namespace opts in by carrying it. */
export interface NamespaceLabel {
  readonly key: string;
  readonly value: string;
}

/** Traffic a namespace's pods need; everything not allowed is denied. DNS is always allowed. */
export type NetworkAllow =
  /**
   * Egress to the Kubernetes API from the pods with labels `pods`, in a policy of their own;
   * without `pods`, from every pod of the namespace, which only suits a namespace that holds
   * nothing but a controller's pods.
   */
  | { readonly kind: "api-server"; readonly pods?: PodLabels }
  /** Ingress from the shared Gateway (Traefik) on these ports. */
  | { readonly kind: "from-gateway"; readonly ports: readonly number[] }
  /** Ingress from any address: load-balanced traffic, or webhooks the API server calls; TCP unless told. */
  | { readonly kind: "from-anywhere"; readonly ports: readonly number[]; readonly protocols?: readonly Protocol[] }
  | { readonly kind: "from-namespace"; readonly namespace: string; readonly ports?: readonly number[] }
  /** Ingress from every namespace that carries the label, on these ports. */
  | { readonly kind: "from-labelled-namespaces"; readonly label: NamespaceLabel; readonly ports: readonly number[] }
  | { readonly kind: "to-namespace"; readonly namespace: string; readonly ports?: readonly number[] }
  /** Pods of this namespace talk to each other. */
  | { readonly kind: "within-namespace" }
  /** Egress to any pod of the cluster (a proxy reaching its backends). */
  | { readonly kind: "to-cluster-pods" }
  /** Egress to the nodes' own addresses on these ports (the kubelet, exporters on the host network). */
  | { readonly kind: "to-nodes"; readonly ports: readonly number[] }
  /**
   * Egress to the LAN's private addresses on these ports (services a homelab runs itself, such
   * as alert receivers); `addresses` narrows it to those CIDRs when the server's address is known.
   */
  | { readonly kind: "to-lan"; readonly ports: readonly number[]; readonly addresses?: readonly string[] }
  /** Egress outside the cluster and the LAN on these ports (ACME, image or model downloads). */
  | { readonly kind: "to-internet"; readonly ports: readonly number[] };

export type Protocol = "TCP" | "UDP";

export interface PlatformNamespaceArgs {
  readonly podSecurity: PodSecurity;
  /** @default [] (DNS only) */
  readonly allow?: readonly NetworkAllow[];
  /** Labels that let this namespace in where another namespace admits labelled clients (`from-labelled-namespaces`). @default none */
  readonly optIns?: readonly NamespaceLabel[];
  /** PEM of the platform CA, published as ConfigMap `platform-ca` (key `ca.crt`). @default none */
  readonly caCertificate?: pulumi.Input<string>;
  /**
   * The namespace holds data (volumes, databases): keep it on `pulumi destroy`, since
   * deleting a namespace deletes every volume claim in it.
   * @default false
   */
  readonly holdsData?: boolean;
}

export interface PlatformNamespace {
  readonly name: string;
  readonly namespace: k8s.core.v1.Namespace;
}

/** The label every namespace carries with its own name (Kubernetes sets it). */
const NAME_LABEL = "kubernetes.io/metadata.name";

/** API server ports: 443 for the Service, 6443 (k3s) and 8443 (minikube) once translated. */
const API_SERVER_PORTS = [443, 6443, 8443];

/**
 * Where a homelab's API server lives: its Service address and the nodes are private
 * addresses, so the allow stops short of the internet on the same ports.
 */
export const PRIVATE_NETWORKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/**
 * What "the internet" leaves out: the private networks (the LAN, the nodes, the API server,
 * Services and pods), carrier-grade NAT (VPN overlays such as Tailscale) and link-local
 * (cloud metadata endpoints).
 */
const NOT_INTERNET = [...PRIVATE_NETWORKS, "100.64.0.0/10", "169.254.0.0/16"];

/**
 * A namespace with Pod Security labels, a default-deny NetworkPolicy and exactly the
 * allows its workload needs.
 */
export function platformNamespace(
  name: string,
  args: PlatformNamespaceArgs,
  opts: pulumi.CustomResourceOptions,
): PlatformNamespace {
  const namespace = new k8s.core.v1.Namespace(
    `${name}-namespace`,
    { metadata: { name, labels: { ...optInLabels(args.optIns ?? []), ...podSecurityLabels(args.podSecurity) }, annotations: podSecurityReason(args.podSecurity) } },
    { ...opts, ...(args.holdsData && { retainOnDelete: true }) },
  );
  const inNamespace = { ...opts, dependsOn: [namespace] };
  new k8s.networking.v1.NetworkPolicy(`${name}-default-deny`, { metadata: { name: "default-deny", namespace: name }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, inNamespace);
  new k8s.networking.v1.NetworkPolicy(`${name}-allow`, { metadata: { name: "allow-needed", namespace: name }, spec: allowSpec(name, args.allow ?? []) }, inNamespace);
  for (const policy of apiServerPolicies(args.allow ?? [])) {
    new k8s.networking.v1.NetworkPolicy(`${name}-${policy.name}`, { metadata: { name: policy.name, namespace: name }, spec: policy.spec }, inNamespace);
  }
  if (args.caCertificate !== undefined) {
    new k8s.core.v1.ConfigMap(`${name}-platform-ca`, { metadata: { name: "platform-ca", namespace: name }, data: { "ca.crt": args.caCertificate } }, inNamespace);
  }
  return { name, namespace };
}

export function podSecurityLabels(podSecurity: PodSecurity): Record<string, string> {
  return Object.fromEntries(
    ["enforce", "audit", "warn"].map((mode) => [`pod-security.kubernetes.io/${mode}`, podSecurity.level]),
  );
}

function optInLabels(optIns: readonly NamespaceLabel[]): Record<string, string> {
  return Object.fromEntries(optIns.map((label) => [label.key, label.value]));
}

function podSecurityReason(podSecurity: PodSecurity): Record<string, string> | undefined {
  return podSecurity.level === "restricted" ? undefined : { "homelab/pod-security-reason": podSecurity.reason };
}

type IngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;
type EgressRule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

/**
 * One NetworkPolicy for the whole namespace: DNS out, plus what its workloads asked for,
 * except the API allows scoped to some pods (see {@link apiServerPolicies}).
 */
export function allowSpec(namespace: string, allows: readonly NetworkAllow[]): k8s.types.input.networking.v1.NetworkPolicySpec {
  const ingress: IngressRule[] = [];
  const egress: EgressRule[] = [
    {
      to: [{ namespaceSelector: { matchLabels: { [NAME_LABEL]: "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
      ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
    },
  ];
  for (const allow of allows) {
    switch (allow.kind) {
      case "api-server":
        if (!allow.pods) egress.push(apiServerEgress());
        break;
      case "from-gateway":
        ingress.push({ from: [inNamespace(SHARED_GATEWAY.namespace)], ports: tcp(allow.ports) });
        break;
      case "from-anywhere":
        ingress.push({ ports: (allow.protocols ?? ["TCP"]).flatMap((protocol) => allow.ports.map((port) => ({ protocol, port }))) });
        break;
      case "from-namespace":
        ingress.push({ from: [inNamespace(allow.namespace)], ...(allow.ports && { ports: tcp(allow.ports) }) });
        break;
      case "from-labelled-namespaces":
        ingress.push({ from: [{ namespaceSelector: { matchLabels: { [allow.label.key]: allow.label.value } } }], ports: tcp(allow.ports) });
        break;
      case "to-namespace":
        egress.push({ to: [inNamespace(allow.namespace)], ...(allow.ports && { ports: tcp(allow.ports) }) });
        break;
      case "within-namespace":
        ingress.push({ from: [{ podSelector: {} }] });
        egress.push({ to: [inNamespace(namespace)] });
        break;
      case "to-cluster-pods":
        egress.push({ to: [{ namespaceSelector: {} }] });
        break;
      case "to-nodes":
        egress.push({ to: PRIVATE_NETWORKS.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(allow.ports) });
        break;
      case "to-lan":
        egress.push({ to: (allow.addresses ?? PRIVATE_NETWORKS).map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(allow.ports) });
        break;
      case "to-internet":
        egress.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...NOT_INTERNET] } }], ports: tcp(allow.ports) });
        break;
    }
  }
  return { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress, egress };
}

/**
 * A policy per API allow that names its pods, selecting only them: a workload that serves
 * users (the gateway, Ollama) then cannot reach the API, nor the private addresses the API
 * allow has to open. Named after the pods' label values.
 */
export function apiServerPolicies(allows: readonly NetworkAllow[]): { name: string; spec: k8s.types.input.networking.v1.NetworkPolicySpec }[] {
  return allows.flatMap((allow) =>
    allow.kind === "api-server" && allow.pods
      ? [
          {
            name: `allow-api-server-${Object.values(allow.pods).join("-")}`,
            spec: { podSelector: { matchLabels: { ...allow.pods } }, policyTypes: ["Egress"], egress: [apiServerEgress()] },
          },
        ]
      : [],
  );
}

function apiServerEgress(): EgressRule {
  return { to: PRIVATE_NETWORKS.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(API_SERVER_PORTS) };
}

function inNamespace(namespace: string) {
  return { namespaceSelector: { matchLabels: { [NAME_LABEL]: namespace } } };
}

function tcp(ports: readonly number[]) {
  return ports.map((port) => ({ protocol: "TCP", port }));
}
