import { containersOf } from "../pod-spec";
import { type CheckedResource, identify, isObject, isPostgresCluster } from "../resource";

const NEEDED = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"] as const;

/** Which of requests and limits (CPU and memory) a `resources` block lacks. */
export function missingResources(resources: unknown): string[] {
  return NEEDED.filter((field) => {
    const [part, name] = field.split(".") as [string, string];
    const block = isObject(resources) ? resources[part] : undefined;
    return !isObject(block) || block[name] === undefined || block[name] === "";
  });
}

/**
 * Every container, init containers included, and every CloudNativePG Cluster, asks for
 * CPU and memory and is capped: the sizing budget and the scheduler depend on it.
 */
export function containerResources(resource: CheckedResource): string[] {
  const subject = identify(resource);
  const blocks = containersOf(resource).map(({ list, container }) => ({
    where: `${list.replace(/s$/, "")} ${container.name ?? "(unnamed)"}`,
    resources: container.resources,
  }));
  if (isPostgresCluster(resource)) {
    blocks.push({ where: "spec.resources", resources: isObject(resource.props.spec) ? resource.props.spec.resources : undefined });
  }
  return blocks.flatMap(({ where, resources }) => {
    const missing = missingResources(resources);
    return missing.length > 0 ? [`${subject}: ${where} has no ${missing.join(", ")}; set requests and limits (components/lib/sizing.ts)`] : [];
  });
}
