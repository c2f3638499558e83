import { fail, pass, warn, type CheckResult } from "../check";
import type { ClusterFacts } from "../cluster-facts";

/**
 * On WSL2 the driver lives in Windows and k3s runs GPU pods with the `nvidia` runtime it
 * finds at start; the device plugin this stack installs then advertises `nvidia.com/gpu`.
 */
export function wslGpuChecks(facts: Pick<ClusterFacts, "runtimeClasses" | "nodes">): CheckResult[] {
  const runtime = facts.runtimeClasses.includes("nvidia")
    ? pass("nvidia RuntimeClass", "present")
    : fail(
        "nvidia RuntimeClass",
        `missing; RuntimeClasses: ${facts.runtimeClasses.join(", ") || "none"}`,
        "install the NVIDIA Container Toolkit in the WSL2 distribution (`nvidia-ctk --version`), then `sudo systemctl restart k3s`",
      );
  const gpuNodes = facts.nodes.filter((n) => n.gpus > 0);
  const gpu =
    gpuNodes.length > 0
      ? pass("GPU on a node", gpuNodes.map((n) => `${n.name}: ${n.gpus} nvidia.com/gpu`).join(", "))
      : warn(
          "GPU on a node",
          "no node advertises nvidia.com/gpu yet; the device plugin this stack installs does",
          "if none shows after `pulumi up`, check `nvidia-smi` inside WSL2 and the Windows NVIDIA driver",
        );
  return [runtime, gpu];
}
