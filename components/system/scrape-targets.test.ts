import { describe, expect, it } from "vitest";
import { systemScrapeTargets } from "./scrape-targets";

describe("systemScrapeTargets", () => {
  it("declares what always runs, and MetalLB and the DCGM exporter only where they run", () => {
    const names = (parts: Parameters<typeof systemScrapeTargets>[0]) => systemScrapeTargets(parts).map((t) => t.name);
    expect(names({ metalLb: false, gpuOperator: false })).toEqual(["traefik", "cert-manager", "cloudnative-pg", "postgresql", "reloader"]);
    expect(names({ metalLb: true, gpuOperator: true, objectStorage: "seaweedfs" })).toEqual([
      "traefik",
      "cert-manager",
      "cloudnative-pg",
      "postgresql",
      "reloader",
      "metallb-controller",
      "metallb-speaker",
      "dcgm-exporter",
      "seaweedfs",
    ]);
  });

  it("scrapes SeaweedFS on the port its chart opens for metrics, and leaves MinIO, whose metrics need a token", () => {
    const seaweedfs = systemScrapeTargets({ metalLb: false, gpuOperator: false, objectStorage: "seaweedfs" }).find((t) => t.name === "seaweedfs");
    expect(seaweedfs).toMatchObject({ namespace: "object-storage", portName: "server-metrics", port: 9324 });
    expect(systemScrapeTargets({ metalLb: false, gpuOperator: false, objectStorage: "minio" }).map((t) => t.namespace)).not.toContain("object-storage");
  });

  it("marks the speakers as on the host network, where policies do not reach", () => {
    const speaker = systemScrapeTargets({ metalLb: true, gpuOperator: false }).find((t) => t.name === "metallb-speaker");
    expect(speaker).toMatchObject({ namespace: "metallb-system", port: 7472, hostNetwork: true });
  });
});
