import { describe, expect, it } from "vitest";
import { renderStack } from "./harness";
import { summarize } from "./summary";

describe("summarize", () => {
  it("names the stack and its project once", async () => {
    const summary = summarize(await renderStack("homelab-metal"));
    expect(summary.split("\n")[0]).toMatch(/^homelab-metal \(project homelab\): \d+ resources$/);
  });

  it("shows the VMs a cluster builder makes, their total, and the API address, not Kubernetes requests", async () => {
    const lines = summarize(await renderStack("homelab-metal")).split("\n");
    const vms = lines.slice(lines.findIndex((l) => l.startsWith("VMs:")));
    expect(vms[0]).toMatch(/^VMs: \d+, \d+ cores, \d+\.\d GiB memory, \d+ GB disk$/);
    expect(vms).toContain("  k3s-server-1 on pve: 2 cores, 4.0 GiB memory, 32 GB disk");
    expect(vms.at(-1)).toBe("API: https://192.168.10.10:6443 (VIP 192.168.10.10)");
    expect(lines.some((l) => l.startsWith("requests"))).toBe(false);
  });

  it("shows a platform stack's requests and endpoints", async () => {
    const summary = summarize(await renderStack("dev"));
    expect(summary).toMatch(/^requests \(DaemonSets counted once\): \d+\.\d\d CPU, \d+\.\d\d GiB$/m);
    expect(summary).toContain("  llm: https://llm.homelab.test");
    expect(summary).not.toContain("VMs:");
  });
});
