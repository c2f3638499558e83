import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderConfig, renderStack, resource } from "../render/harness";
import type { Recording } from "../render/run-under-mocks";

function kubernetesResources(recording: Recording) {
  return recording.resources.filter((r) => r.type.startsWith("kubernetes:"));
}

describe.each([
  ["dev", "minikube"],
  ["wsl", "default"],
])("stack %s", (stack, context) => {
  it("reaches its existing cluster through the configured kubeconfig context", async () => {
    const recording = await renderStack(stack);
    expect(resource(recording, "pulumi:providers:kubernetes", "cluster").inputs).toEqual({ context });
    expect(recording.outputs.kubeContext).toBe(context);
    expect(recording.outputs).not.toHaveProperty("kubeconfig");
  });

  it("sends every Kubernetes object through that provider, never a default one", async () => {
    const recording = await renderStack(stack);
    expect(recording.resources.filter((r) => r.type.startsWith("pulumi:providers:") && r.name.startsWith("default"))).toEqual([]);
    for (const r of kubernetesResources(recording)) expect([r.name, r.options.provider]).toEqual([r.name, "cluster"]);
  });
});

describe("stack homelab (bare metal)", () => {
  it("fails with a clear message until the metal layer exists", async () => {
    const error = await renderStack("homelab").catch((e: unknown) => e);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^target bare-metal gets its cluster from the metal layer/);
  });
});

describe("kubeconfig option", () => {
  it("passes a kubeconfig file to the provider when the stack names one", async () => {
    const recording = await renderConfig({
      target: "wsl2",
      domain: "wsl.home.arpa",
      kubernetes: { context: "docker-desktop", kubeconfig: "/home/me/.kube/desktop.yaml" },
    });
    expect(resource(recording, "pulumi:providers:kubernetes", "cluster").inputs).toEqual({
      context: "docker-desktop",
      kubeconfig: "/home/me/.kube/desktop.yaml",
    });
  });
});
