import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderFiles } from "./render-files";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { Secret } from "./secret";

const options = { dependsOn: [], protect: false, retainOnDelete: false, provider: "cluster" };

function recording(resources: RecordedResource[], outputs: Record<string, unknown> = {}): Recording {
  return { project: "homelab", stack: "test", resources, outputs };
}

const namespace: RecordedResource = {
  type: "kubernetes:core/v1:Namespace",
  name: "apps",
  parent: "platform",
  custom: true,
  inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } },
  options,
};

const secret: RecordedResource = {
  type: "kubernetes:core/v1:Secret",
  name: "api-keys",
  parent: "platform",
  custom: true,
  inputs: {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "api-keys", namespace: "apps" },
    stringData: new Secret({ alice: "mock-password-alice" }),
  },
  options: { ...options, dependsOn: ["apps"], retainOnDelete: true },
};

const chart: RecordedResource = {
  type: "kubernetes:helm.sh/v4:Chart",
  name: "traefik",
  parent: "system",
  custom: false,
  inputs: {
    name: "traefik",
    namespace: "traefik",
    chart: "traefik",
    version: "41.3.0",
    repositoryOpts: { repo: "https://traefik.github.io/charts" },
    values: { ports: { web: { port: 8000 } } },
  },
  options,
};

const component: RecordedResource = { type: "homelab:system:System", name: "system", parent: null, custom: false, inputs: {}, options: { ...options, provider: null } };

describe("renderFiles", () => {
  const files = renderFiles(recording([component, namespace, secret, chart], { kubeconfig: new Secret("apiVersion: v1") }), false);

  it("lists every resource with its parent, inputs and options", () => {
    const resources = JSON.parse(files.get("resources.json")!);
    expect(resources.map((r: { name: string }) => r.name)).toEqual(["system", "apps", "api-keys", "traefik"]);
    expect(resources[2]).toEqual({
      type: "kubernetes:core/v1:Secret",
      name: "api-keys",
      parent: "platform",
      inputs: { apiVersion: "v1", kind: "Secret", metadata: { name: "api-keys", namespace: "apps" }, stringData: { alice: "[secret]" } },
      options: { dependsOn: ["apps"], protect: false, retainOnDelete: true, provider: "cluster" },
    });
  });

  it("writes one manifest per Kubernetes object, each secret value masked and its key kept", () => {
    expect([...files.keys()].filter((f) => f.startsWith("manifests/"))).toEqual([
      "manifests/_cluster.Namespace.apps.yaml",
      "manifests/apps.Secret.api-keys.yaml",
    ]);
    expect(parse(files.get("manifests/apps.Secret.api-keys.yaml")!)).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "api-keys", namespace: "apps" },
      stringData: { alice: "[secret]" },
    });
    expect(files.get("manifests/_cluster.Namespace.apps.yaml")!.startsWith("apiVersion: v1\nkind: Namespace\n")).toBe(true);
  });

  it("writes one file per chart with release, namespace, chart, version, repo and values", () => {
    expect(parse(files.get("charts/traefik.traefik.yaml")!)).toEqual({
      release: "traefik",
      namespace: "traefik",
      chart: "traefik",
      version: "41.3.0",
      repo: "https://traefik.github.io/charts",
      values: { ports: { web: { port: 8000 } } },
    });
  });

  it("masks secret outputs", () => {
    expect(JSON.parse(files.get("outputs.json")!)).toEqual({ kubeconfig: "[secret]" });
  });

  it("reveals the stand-ins when asked", () => {
    const revealed = renderFiles(recording([secret], { kubeconfig: new Secret("apiVersion: v1") }), true);
    expect(parse(revealed.get("manifests/apps.Secret.api-keys.yaml")!).stringData).toEqual({ alice: "mock-password-alice" });
    expect(JSON.parse(revealed.get("outputs.json")!)).toEqual({ kubeconfig: "apiVersion: v1" });
  });
});
