import { type CheckedResource, identify } from "../resource";

/** Helm charts as the Kubernetes provider installs them (v4 Chart, and the older Chart and Release). */
export const CHART_TYPES = ["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v3:Release"];

/** One exact SemVer release (a leading `v` allowed): no ranges, no wildcards. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A chart without an exact version installs whatever is newest on the day of `pulumi up`. */
export function pinnedCharts(resource: CheckedResource): string[] {
  if (!CHART_TYPES.includes(resource.type)) return [];
  const { chart, version } = resource.props;
  if (typeof version !== "string" || version === "") {
    return [`${identify(resource)} installs chart ${String(chart)} without a version; pin an exact one (e.g. 1.2.3)`];
  }
  if (!EXACT_VERSION.test(version)) {
    return [`${identify(resource)} installs chart ${String(chart)} at "${version}"; pin an exact version (e.g. 1.2.3), not a range`];
  }
  return [];
}
