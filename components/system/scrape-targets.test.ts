import { describe, expect, it } from "vitest";
import { systemScrapeTargets } from "./scrape-targets";

describe("systemScrapeTargets", () => {
  it("declares what always runs, and MetalLB and the DCGM exporter only where they run", () => {
    const names = (parts: Parameters<typeof systemScrapeTargets>[0]) => systemScrapeTargets(parts).map((t) => t.name);
    expect(names({ metalLb: false, gpuOperator: false })).toEqual(["traefik", "cert-manager", "cloudnative-pg", "postgresql"]);
    expect(names({ metalLb: true, gpuOperator: true })).toEqual([
      "traefik",
      "cert-manager",
      "cloudnative-pg",
      "postgresql",
      "metallb-controller",
      "metallb-speaker",
      "dcgm-exporter",
    ]);
  });

  it("marks the speakers as on the host network, where policies do not reach", () => {
    const speaker = systemScrapeTargets({ metalLb: true, gpuOperator: false }).find((t) => t.name === "metallb-speaker");
    expect(speaker).toMatchObject({ namespace: "metallb-system", port: 7472, hostNetwork: true });
  });
});
