import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { keptVolumeClaim } from "../lib/kept-volume-claim";
import { platformNamespace } from "../lib/platform-namespace";
import type { GpuCapability } from "../system";
import { MODEL_SYNC_PODS } from "./model-sync";

/**
 * Ollama release; the image, not a chart (see Ollama below). Second source: public compose
 * files and manifests pin the same tag (one with digest sha256:57d60e68…e700).
 */
export const OLLAMA_IMAGE = "docker.io/ollama/ollama:0.32.15";
export const OLLAMA_PORT = 11434;

/** Without a GPU only the Ollama image (well over a gigabyte) slows the first start. */
export const CPU_FIRST_START = "15m";

export interface OllamaArgs {
  readonly namespace: string;
  /** Namespaces whose pods may call Ollama; nothing else reaches it. */
  readonly clients: readonly string[];
  /** RWO class and size of the model volume. */
  readonly storage: { readonly className: string; readonly size: string };
  /** Runs on the GPU when given, on CPU otherwise. @default none */
  readonly gpu?: GpuCapability;
  readonly sizing: SizingProfile;
}

/**
 * Ollama needs far more than the generic sizes: a model lives in its memory. On a GPU the
 * weights sit in VRAM and RAM only stages them.
 */
export function ollamaResources(sizing: SizingProfile, gpu: GpuCapability | undefined) {
  const memory = sizing === "lean" ? { request: "1Gi", limit: "4Gi" } : { request: "4Gi", limit: "24Gi" };
  const cpu = sizing === "lean" ? { request: "250m", limit: "3" } : { request: "1", limit: "8" };
  const requests: Record<string, string> = { cpu: cpu.request, memory: memory.request };
  const limits: Record<string, string> = { cpu: cpu.limit, memory: memory.limit };
  if (gpu) requests[gpu.resource] = limits[gpu.resource] = "1";
  return { requests, limits };
}

/** Requests Ollama serves at once: one on a laptop. */
export function ollamaParallelism(sizing: SizingProfile): number {
  return sizing === "lean" ? 1 : 2;
}

/** Requests served at once, and models kept loaded: one each on a laptop. */
export function ollamaEnv(sizing: SizingProfile) {
  return [
    { name: "OLLAMA_HOST", value: `0.0.0.0:${OLLAMA_PORT}` },
    { name: "OLLAMA_NUM_PARALLEL", value: String(ollamaParallelism(sizing)) },
    { name: "OLLAMA_MAX_LOADED_MODELS", value: sizing === "lean" ? "1" : "2" },
  ];
}

/**
 * Ollama as plain objects rather than its chart: the chart's model handling runs in the pod's
 * start-up and never removes a model, which `ModelSync` does instead, and what is left (one
 * Deployment, a Service, a volume) reads better as objects than as values.
 */
export class Ollama extends pulumi.ComponentResource {
  /** Ollama's URL inside the cluster. */
  readonly host: string;
  readonly deployment: k8s.apps.v1.Deployment;
  /** The namespace, for other objects that live in it. */
  readonly namespace: k8s.core.v1.Namespace;
  /** How long Pulumi waits for Ollama to be ready: what waits for Ollama's readiness waits as long. */
  readonly startTimeout: string;

  constructor(name: string, args: OllamaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:llm:Ollama", name, {}, opts);
    const ns = args.namespace;
    const { namespace } = platformNamespace(
      ns,
      {
        podSecurity: { level: "baseline", reason: "the Ollama image runs as root and keeps models under /root/.ollama" },
        allow: [
          ...args.clients.map((client) => ({ kind: "from-namespace", namespace: client, ports: [OLLAMA_PORT] }) as const),
          // The model sync Job talks to Ollama and keeps its state through the API server;
          // Ollama itself (root, serving every client) never reaches the API.
          { kind: "within-namespace" },
          { kind: "api-server", pods: MODEL_SYNC_PODS },
          // Models download from the Ollama registry and its CDN.
          { kind: "to-internet", ports: [443] },
        ],
        holdsData: true,
      },
      { parent: this },
    );
    this.namespace = namespace;
    const child = { parent: this, dependsOn: [namespace] };
    // The models are large and slow to download.
    const volume = keptVolumeClaim(
      `${name}-models`,
      { claimName: "ollama-models", namespace: ns, storageClass: args.storage.className, size: args.storage.size },
      child,
    );
    const labels = { app: "ollama" };
    const gpu = args.gpu;
    this.startTimeout = gpu?.firstStart ?? CPU_FIRST_START;
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: "ollama", namespace: ns },
        spec: {
          replicas: 1,
          // One pod owns the RWO volume: the old one must stop before the new one starts.
          strategy: { type: "Recreate" },
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              ...(gpu && {
                runtimeClassName: gpu.runtimeClassName,
                nodeSelector: { ...gpu.nodeSelector },
                tolerations: gpu.tolerations.map((t) => ({ ...t })),
              }),
              containers: [
                {
                  name: "ollama",
                  image: OLLAMA_IMAGE,
                  ports: [{ name: "http", containerPort: OLLAMA_PORT }],
                  env: ollamaEnv(args.sizing),
                  resources: ollamaResources(args.sizing, gpu),
                  volumeMounts: [{ name: "models", mountPath: "/root/.ollama" }],
                  readinessProbe: { httpGet: { path: "/api/version", port: "http" }, periodSeconds: 10 },
                  livenessProbe: { httpGet: { path: "/api/version", port: "http" }, periodSeconds: 30, failureThreshold: 5 },
                },
              ],
              volumes: [{ name: "models", persistentVolumeClaim: { claimName: "ollama-models" } }],
            },
          },
        },
      },
      { ...child, dependsOn: [namespace, volume], customTimeouts: { create: this.startTimeout, update: this.startTimeout } },
    );
    new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: { name: "ollama", namespace: ns }, spec: { selector: labels, ports: [{ name: "http", port: OLLAMA_PORT, targetPort: "http" }] } },
      child,
    );
    this.host = `http://ollama.${ns}.svc:${OLLAMA_PORT}`;
    this.registerOutputs({ host: this.host, deployment: this.deployment, namespace: this.namespace, startTimeout: this.startTimeout });
  }
}
