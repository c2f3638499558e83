import { describe, expect, it } from "vitest";
import { workloadRuns } from "./charts";

describe("workloadRuns", () => {
  const provider = { resources: ["csi", "resources"], replicas: "per-node", runsWhen: { path: ["csi", "enabled"], byDefault: false } } as const;
  const server = { resources: ["server", "resources"], replicas: 1, runsWhen: { path: ["server", "enabled"], byDefault: true } } as const;

  it("follows the value that switches the workload on, and the chart's default when it is unset", () => {
    expect(workloadRuns(provider, { csi: { enabled: true } })).toBe(true);
    expect(workloadRuns(provider, {})).toBe(false);
    expect(workloadRuns(server, {})).toBe(true);
    expect(workloadRuns(server, { server: { enabled: false } })).toBe(false);
  });

  it("counts a workload without a switch always", () => {
    expect(workloadRuns({ resources: ["resources"], replicas: 1 }, {})).toBe(true);
  });
});
