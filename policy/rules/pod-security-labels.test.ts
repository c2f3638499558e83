import { describe, expect, it } from "vitest";
import { manifest } from "./fixtures";
import { podSecurityLabels } from "./pod-security-labels";

const namespace = (labels?: Record<string, string>) => manifest("kubernetes:core/v1:Namespace", { metadata: { name: "apps", ...(labels && { labels }) } });

describe("podSecurityLabels", () => {
  it("catches a namespace without the enforce label", () => {
    expect(podSecurityLabels(namespace())).toEqual([
      "Namespace apps has no pod-security.kubernetes.io/enforce label; make it with platformNamespace (components/lib/platform-namespace.ts)",
    ]);
  });

  it("catches an unknown level", () => {
    expect(podSecurityLabels(namespace({ "pod-security.kubernetes.io/enforce": "strict" }))).toEqual([
      "Namespace apps has pod-security.kubernetes.io/enforce=strict; allowed: restricted, baseline, privileged",
    ]);
  });

  it("accepts each level", () => {
    for (const level of ["restricted", "baseline", "privileged"]) expect(podSecurityLabels(namespace({ "pod-security.kubernetes.io/enforce": level }))).toEqual([]);
  });
});
