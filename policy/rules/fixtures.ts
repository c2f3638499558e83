import type { CheckedResource } from "../resource";

/** A Kubernetes object as the engine shows it to a policy. */
export function manifest(type: string, props: Record<string, unknown>, name = "example"): CheckedResource {
  const [group, version, kind] = /^kubernetes:(?:(.+)\/)?([^/:]+):(.+)$/.exec(type)!.slice(1);
  const apiVersion = group && group !== "core" ? `${group}/${version}` : version;
  return { type, name, props: { apiVersion, kind, ...props } };
}

export const SIZED = { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } };

/** A Deployment running these containers. */
export function deployment(containers: readonly Record<string, unknown>[], initContainers: readonly Record<string, unknown>[] = []): CheckedResource {
  return manifest("kubernetes:apps/v1:Deployment", {
    metadata: { name: "web", namespace: "apps" },
    spec: { template: { spec: { containers, ...(initContainers.length > 0 && { initContainers }) } } },
  });
}
