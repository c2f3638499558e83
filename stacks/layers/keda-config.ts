import { z } from "zod";
import type { ScaledWorkload, ScaleTrigger } from "../../components/data";
import { name, strict } from "../config-fields";
import { configKey, show } from "../config-problems";

/**
 * KEDA's part of `homelab:data`: whether it runs, and the ScaledObjects the stack file
 * declares for people's own workloads.
 */

/** Standard cron of five fields, as KEDA's cron scaler reads it. */
const CRON = /^\S+( \S+){4}$/;
const cron = z.string().regex(CRON, { error: (i) => `expected a cron expression of five fields, such as "0 8 * * 1-5"; got ${show(i.input)}` });

/** An IANA zone name such as Europe/Berlin or Etc/UTC. */
const timezone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}, { error: (i) => `expected an IANA time zone such as Europe/Berlin; got ${show(i.input)}` });

const replicas = z.number().int().min(0).max(20);

const prometheusTrigger = strict({
  /** PromQL whose value drives the replicas. */
  query: z.string().min(1),
  /** Value per replica: replicas = ceil(value / threshold). */
  threshold: z.number().positive(),
  /** Above this the workload wakes from zero. @default 0 */
  activationThreshold: z.number().min(0).optional(),
});

const cronTrigger = strict({
  /** Time zone of `start` and `end`. @default Etc/UTC */
  timezone: timezone.default("Etc/UTC"),
  /** When the window opens (cron, five fields). */
  start: cron,
  /** When it closes. */
  end: cron,
  /** Replicas inside the window. */
  desiredReplicas: replicas.min(1),
});

/** Each trigger names exactly one kind. */
const trigger = strict({ prometheus: prometheusTrigger.optional(), cron: cronTrigger.optional() }).refine(
  (t) => (t.prometheus === undefined) !== (t.cron === undefined),
  { error: "expected exactly one of prometheus or cron" },
);

const scaledObject = strict({
  /** Name of the ScaledObject. */
  name,
  /** Namespace of the workload (and of its ScaledObject). */
  namespace: name,
  /** The workload scaled. */
  target: strict({ kind: z.enum(["Deployment", "StatefulSet"]).default("Deployment"), name }),
  /** Fewest replicas; 0 lets the workload sleep while its triggers are quiet. */
  minReplicas: replicas.default(1),
  /** Most replicas. */
  maxReplicas: replicas.min(1),
  /** Seconds of quiet before the last replica goes (with minReplicas 0). @default 300 (KEDA's) */
  cooldownSeconds: z.number().int().min(0).optional(),
  /** What drives the replicas. */
  triggers: z.array(trigger).min(1),
});

export const kedaSchema = strict({
  /** KEDA (operator, metrics server, admission webhooks). @default true */
  enabled: z.boolean().default(true),
  /** ScaledObjects for people's own workloads. */
  scaledObjects: z.array(scaledObject).default([]),
}).prefault({});

export type KedaConfig = z.output<typeof kedaSchema>;

/** The declared ScaledObjects as the component takes them. */
export function declaredScaledObjects(keda: KedaConfig): ScaledWorkload[] {
  return keda.scaledObjects.map((s) => ({
    name: s.name,
    namespace: s.namespace,
    target: s.target,
    minReplicas: s.minReplicas,
    maxReplicas: s.maxReplicas,
    cooldownSeconds: s.cooldownSeconds,
    triggers: s.triggers.map((t): ScaleTrigger => (t.prometheus ? { kind: "prometheus", ...t.prometheus } : { kind: "cron", ...t.cron! })),
  }));
}

/** Bounds the wrong way round, a name used twice in a namespace, and Prometheus triggers without Prometheus. */
export function kedaProblems(keda: KedaConfig, observability: boolean): string[] {
  const at = (i: number, ...rest: (string | number)[]) => configKey(["data", "keda", "scaledObjects", i, ...rest]);
  return keda.scaledObjects.flatMap((s, i) => {
    const problems: string[] = [];
    const first = keda.scaledObjects.findIndex((o) => o.name === s.name && o.namespace === s.namespace);
    if (first !== i) problems.push(`${at(i, "name")}: "${s.name}" in ${s.namespace} is declared twice (first as data.keda.scaledObjects[${first}])`);
    if (s.minReplicas > s.maxReplicas) problems.push(`${at(i, "minReplicas")}: ${s.minReplicas} is above maxReplicas (${s.maxReplicas})`);
    s.triggers.forEach((t, j) => {
      if (t.prometheus && !observability) {
        problems.push(`${at(i, "triggers", j, "prometheus")}: Prometheus triggers query the observability layer's Prometheus, but features.observability is off`);
      }
    });
    if (!keda.enabled && i === 0) problems.push(`${configKey(["data", "keda", "enabled"])}: ScaledObjects are declared (data.keda.scaledObjects) but KEDA is off; turn it on or remove them`);
    return problems;
  });
}
