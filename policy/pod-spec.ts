import { type CheckedResource, isObject, kindOf } from "./resource";

export interface Container {
  readonly name?: string;
  readonly image?: unknown;
  readonly resources?: unknown;
}

/** Where each workload kind keeps the pod spec it runs. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Every container and init container a workload runs, with the list it is in; none for other kinds. */
export function containersOf(resource: CheckedResource): { readonly list: "containers" | "initContainers"; readonly container: Container }[] {
  const path = POD_SPEC_PATHS[kindOf(resource) ?? ""];
  if (!path) return [];
  const spec = path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), resource.props);
  if (!isObject(spec)) return [];
  return (["initContainers", "containers"] as const).flatMap((list) =>
    (Array.isArray(spec[list]) ? (spec[list] as unknown[]) : []).filter(isObject).map((container) => ({ list, container: container as Container })),
  );
}
