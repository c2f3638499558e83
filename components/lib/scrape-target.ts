import type * as pulumi from "@pulumi/pulumi";

/**
 * Pods that serve Prometheus metrics, as the layer that runs them describes them. The
 * observability layer, built later, scrapes each one and admits Prometheus to its port, so
 * a layer never needs to know whether anything is watching.
 */
export interface ScrapeTarget {
  /** Names the PodMonitor: `traefik`. */
  readonly name: string;
  /** Namespace of the pods; `"every"` for pods that live beside their apps (PostgreSQL instances). */
  readonly namespace: string;
  /** Labels that select the pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Name of the container port that serves the metrics. */
  readonly portName: string;
  readonly port: number;
  /** @default "/metrics" */
  readonly path?: string;
  /**
   * The pods run on the node's network (ARP speakers): Prometheus reaches them at node
   * addresses, which a namespace's NetworkPolicy does not govern.
   * @default false
   */
  readonly hostNetwork?: boolean;
}

/** Targets a layer before observability offers it, and what makes their namespaces (the monitors and policies wait for it). */
export interface LayerScrapeTargets {
  readonly targets: readonly ScrapeTarget[];
  readonly madeBy: pulumi.Resource;
}

/** The `namespace` of a target whose pods live in whichever namespace holds their app. */
export const EVERY_NAMESPACE = "every";
