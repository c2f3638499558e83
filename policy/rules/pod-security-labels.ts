import { type CheckedResource, identify, kindOf, metadataMap } from "../resource";

const LEVELS = ["restricted", "baseline", "privileged"];

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/** Every namespace says which Pod Security level the API server enforces in it. */
export function podSecurityLabels(resource: CheckedResource): string[] {
  if (kindOf(resource) !== "Namespace") return [];
  const level = metadataMap(resource, "labels")[ENFORCE_LABEL];
  if (level === undefined) return [`${identify(resource)} has no ${ENFORCE_LABEL} label; make it with platformNamespace (components/lib/platform-namespace.ts)`];
  if (typeof level !== "string" || !LEVELS.includes(level)) {
    return [`${identify(resource)} has ${ENFORCE_LABEL}=${String(level)}; allowed: ${LEVELS.join(", ")}`];
  }
  return [];
}
