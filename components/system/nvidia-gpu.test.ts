import { describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { memoryBytes } from "../lib/sizing";
import { devicePluginValues, gpuOperatorValues, NvidiaGpu } from "./nvidia-gpu";

describe("NvidiaGpu", () => {
  it("on WSL2: the device plugin on any Linux node, in the nvidia runtime", async () => {
    let capability: NvidiaGpu["capability"] | undefined;
    const recording = await renderComponent(() => {
      capability = new NvidiaGpu("nvidia", { path: "device-plugin", sizing: "lean" }).capability;
    });
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "nvidia-chart").inputs).toMatchObject({ chart: "nvidia-device-plugin", namespace: "nvidia-device-plugin" });
    expect(capability).toEqual({ resource: "nvidia.com/gpu", runtimeClassName: "nvidia", nodeSelector: {}, tolerations: [], firstStart: "20m" });
  });

  it("on bare metal: the GPU operator, and pods go to the labelled, tainted GPU node", async () => {
    let capability: NvidiaGpu["capability"] | undefined;
    const recording = await renderComponent(() => {
      capability = new NvidiaGpu("nvidia", { path: "gpu-operator", sizing: "full" }).capability;
    });
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "nvidia-chart").inputs).toMatchObject({ chart: "gpu-operator", namespace: "gpu-operator" });
    expect(capability).toEqual({
      resource: "nvidia.com/gpu",
      runtimeClassName: "nvidia",
      nodeSelector: { "homelab/gpu": "nvidia" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      firstStart: "45m",
    });
  });
});

describe("values", () => {
  it("GPU operator: the driver container has room to build a kernel module and no CPU limit", () => {
    for (const sizing of ["lean", "full"] as const) {
      const driver = gpuOperatorValues(sizing).driver.resources;
      expect(memoryBytes(driver.limits.memory)).toBeGreaterThanOrEqual(2 * 2 ** 30);
      expect(driver.limits).not.toHaveProperty("cpu");
    }
  });

  it("device plugin: replaces the feature-discovery affinity a WSL2 node cannot meet", () => {
    expect(devicePluginValues("lean").affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }] },
    ]);
  });

  it("GPU operator: the toolkit writes k3s's containerd config, not the default one", () => {
    expect(gpuOperatorValues("full").toolkit.env).toEqual([
      { name: "CONTAINERD_CONFIG", value: "/var/lib/rancher/k3s/agent/etc/containerd/config.toml" },
      { name: "CONTAINERD_SOCKET", value: "/run/k3s/containerd/containerd.sock" },
      { name: "CONTAINERD_RUNTIME_CLASS", value: "nvidia" },
      { name: "CONTAINERD_SET_AS_DEFAULT", value: "false" },
    ]);
  });
});
