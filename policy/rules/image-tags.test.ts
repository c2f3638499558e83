import { describe, expect, it } from "vitest";
import { deployment, manifest, SIZED } from "./fixtures";
import { imageProblem, imageTags } from "./image-tags";

describe("imageProblem", () => {
  it.each([
    ["docker.io/ollama/ollama:0.32.15", undefined],
    ["localhost:5000/gateway:1.0", undefined],
    ["ghcr.io/x/y@sha256:abc", undefined],
    ["docker.io/ollama/ollama", "has no tag"],
    ["localhost:5000/gateway", "has no tag"],
    ["busybox:latest", "is tagged latest"],
  ])("%s → %s", (image, problem) => {
    expect(imageProblem(image)).toBe(problem);
  });
});

describe("imageTags", () => {
  it("catches untagged and latest images in containers and init containers", () => {
    const resource = deployment([{ name: "app", image: "nginx", resources: SIZED }], [{ name: "init", image: "busybox:latest", resources: SIZED }]);
    expect(imageTags(resource)).toEqual([
      'Deployment apps/web: initContainer init image "busybox:latest" is tagged latest; use an exact tag or a digest',
      'Deployment apps/web: container app image "nginx" has no tag; use an exact tag or a digest',
    ]);
  });

  it("catches a container without an image", () => {
    expect(imageTags(deployment([{ name: "app" }]))).toEqual(["Deployment apps/web: container app names no image"]);
  });

  it("catches a PostgreSQL image tagged latest", () => {
    const cluster = manifest("kubernetes:postgresql.cnpg.io/v1:Cluster", { metadata: { name: "db", namespace: "a" }, spec: { imageName: "ghcr.io/cloudnative-pg/postgresql:latest" } });
    expect(imageTags(cluster)).toEqual(['Cluster a/db: spec.imageName image "ghcr.io/cloudnative-pg/postgresql:latest" is tagged latest; use an exact tag or a digest']);
  });

  it("catches latest in chart values, as a string or a tag", () => {
    const chart = { type: "kubernetes:helm.sh/v4:Chart", name: "x-chart", props: { values: { image: { tag: "latest" }, sidecars: [{ image: "envoy:latest" }] } } };
    expect(imageTags(chart)).toEqual([
      "kubernetes:helm.sh/v4:Chart x-chart: values image.tag is latest; use an exact tag",
      'kubernetes:helm.sh/v4:Chart x-chart: values sidecars[0].image is "envoy:latest", tagged latest; use an exact tag',
    ]);
  });

  it("accepts pinned images", () => {
    expect(imageTags(deployment([{ name: "app", image: "docker.io/library/node:24.11.1-alpine3.22" }]))).toEqual([]);
  });
});
