import { describe, expect, it } from "vitest";
import type { Recording } from "../render/run-under-mocks";
import { plain } from "../render/secret";
import { RENDERS } from "../render/test-renders";
import { POLICIES } from "./policies";
import type { CheckedResource } from "./resource";
import { holdsData, KEPT_ANNOTATION } from "./rules/kept-data";
import { manifest } from "./rules/fixtures";
import { loadBalancers } from "./rules/load-balancers";

/** Resources as the engine shows them to policies: inputs with secrets unwrapped. */
function checked(recording: Recording): (CheckedResource & { readonly retainOnDelete: boolean })[] {
  return recording.resources.map((r) => ({
    type: r.type,
    name: r.name,
    props: plain(r.inputs, true) as Record<string, unknown>,
    retainOnDelete: r.options.retainOnDelete,
  }));
}

describe.each(Object.keys(RENDERS))("%s", (render) => {
  it("passes every policy", async () => {
    const resources = checked(await RENDERS[render]!());
    const violations = POLICIES.flatMap((policy) => resources.flatMap((r) => policy.check(r).map((m) => `${policy.name}: ${m}`)));
    expect(violations).toEqual([]);
  });

  it("marks kept-on-destroy exactly the claims and databases made with retainOnDelete", async () => {
    const data = checked(await RENDERS[render]!()).filter(holdsData);
    const marked = (r: CheckedResource) => (r.props.metadata as { annotations?: Record<string, string> }).annotations?.[KEPT_ANNOTATION] === "true";
    expect(data.filter((r) => marked(r) !== r.retainOnDelete).map((r) => r.name)).toEqual([]);
  });

  it("marks as an entrance every Service a chart asks a MetalLB address for, which the render cannot show as an object", async () => {
    const charts = checked(await RENDERS[render]!()).filter((r) => r.type === "kubernetes:helm.sh/v4:Chart");
    // What the chart renders from those annotations at `pulumi preview`, as the rule sees it.
    const services = charts.flatMap((chart) =>
      annotationMaps(chart.props.values).map((annotations) =>
        manifest("kubernetes:core/v1:Service", { metadata: { name: chart.name, annotations }, spec: { type: "LoadBalancer" } }),
      ),
    );
    expect(services.flatMap(loadBalancers)).toEqual([]);
  });
});

/** Every map of values that asks MetalLB for an address. */
function annotationMaps(values: unknown): Record<string, unknown>[] {
  if (Array.isArray(values)) return values.flatMap(annotationMaps);
  if (typeof values !== "object" || values === null) return [];
  const map = values as Record<string, unknown>;
  return ["metallb.io/loadBalancerIPs" in map ? [map] : [], ...Object.values(map).map(annotationMaps)].flat();
}

it("the renders hold every kind of resource a policy looks at, so passing means something", async () => {
  const types = new Set<string>();
  for (const render of Object.values(RENDERS)) for (const r of (await render()).resources) types.add(r.type);
  expect([...types]).toEqual(
    expect.arrayContaining([
      "kubernetes:helm.sh/v4:Chart",
      "kubernetes:apps/v1:Deployment",
      "kubernetes:batch/v1:Job",
      "kubernetes:core/v1:Namespace",
      "kubernetes:core/v1:PersistentVolumeClaim",
      "kubernetes:postgresql.cnpg.io/v1:Cluster",
      "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
      "kubernetes:gateway.networking.k8s.io/v1:Gateway",
      "kubernetes:core/v1:Service",
      "kubernetes:core/v1:ConfigMap",
    ]),
  );
});
