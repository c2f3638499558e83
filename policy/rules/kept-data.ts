import { type CheckedResource, identify, isPostgresCluster, kindOf, metadataMap } from "../resource";

/**
 * The annotation the platform puts on every object it creates with `retainOnDelete`. The
 * engine does not show resource options to policies, so the policy reads this instead;
 * the render tests check that annotation and option go together.
 */
export const KEPT_ANNOTATION = "homelab/kept-on-destroy";

/** What holds data: volume claims and databases. */
export function holdsData(resource: CheckedResource): boolean {
  return kindOf(resource) === "PersistentVolumeClaim" || isPostgresCluster(resource);
}

/** Data survives `pulumi destroy` and a replacing refactor: every claim and database is kept. */
export function keptData(resource: CheckedResource): string[] {
  if (!holdsData(resource) || metadataMap(resource, "annotations")[KEPT_ANNOTATION] === "true") return [];
  return [
    `${identify(resource)} holds data but is not marked ${KEPT_ANNOTATION}: "true"; create it with retainOnDelete through keptVolumeClaim or postgresCluster (components/lib/)`,
  ];
}
