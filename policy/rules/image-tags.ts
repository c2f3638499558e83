import { containersOf } from "../pod-spec";
import { type CheckedResource, identify, isObject, isPostgresCluster } from "../resource";
import { CHART_TYPES } from "./pinned-charts";

/**
 * Why an image reference does not pin what runs, or undefined when it does: a digest pins
 * it, a tag other than `latest` names a release; no tag means `latest`.
 */
export function imageProblem(image: string): string | undefined {
  if (image.includes("@sha256:")) return undefined;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  if (colon < 0) return "has no tag";
  return lastSegment.slice(colon + 1) === "latest" ? "is tagged latest" : undefined;
}

/** Images of pods, a CloudNativePG Cluster's `imageName`, and `image` settings in chart values. */
export function imageTags(resource: CheckedResource): string[] {
  const subject = identify(resource);
  if (CHART_TYPES.includes(resource.type)) return chartValueImages(resource.props.values).map((p) => `${subject}: values ${p}`);
  const images: { readonly where: string; readonly image: unknown }[] = containersOf(resource).map(({ list, container }) => ({
    where: `${list.replace(/s$/, "")} ${container.name ?? "(unnamed)"}`,
    image: container.image,
  }));
  if (isPostgresCluster(resource) && isObject(resource.props.spec) && resource.props.spec.imageName !== undefined) {
    images.push({ where: "spec.imageName", image: resource.props.spec.imageName });
  }
  return images.flatMap(({ where, image }) => {
    if (typeof image !== "string" || image === "") return [`${subject}: ${where} names no image`];
    const problem = imageProblem(image);
    return problem ? [`${subject}: ${where} image "${image}" ${problem}; use an exact tag or a digest`] : [];
  });
}

/**
 * `image: "repo:latest"` or `image: { tag: latest }` anywhere in chart values. An image
 * without a tag in values usually gets the chart's own pinned tag, so only `latest` counts.
 */
function chartValueImages(values: unknown, path = ""): string[] {
  if (Array.isArray(values)) return values.flatMap((v, i) => chartValueImages(v, `${path}[${i}]`));
  if (!isObject(values)) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    if (/image$/i.test(key) && typeof value === "string" && imageProblem(value) === "is tagged latest") return [`${at} is "${value}", tagged latest; use an exact tag`];
    if (key === "tag" && value === "latest") return [`${at} is latest; use an exact tag`];
    return chartValueImages(value, at);
  });
}
