import { describe, expect, it } from "vitest";
import { cpuCores, memoryBytes, resources } from "./sizing";

describe("resources", () => {
  it("sets requests and limits for every size of every profile, limits above requests", () => {
    for (const profile of ["lean", "full"] as const) {
      for (const size of ["tiny", "small", "medium", "large"] as const) {
        const r = resources(profile, size);
        expect(cpuCores(r.limits.cpu)).toBeGreaterThan(cpuCores(r.requests.cpu));
        expect(memoryBytes(r.limits.memory)).toBeGreaterThan(memoryBytes(r.requests.memory));
      }
    }
  });

  it("gives the full profile more than the lean one", () => {
    expect(memoryBytes(resources("full", "medium").requests.memory)).toBeGreaterThan(
      memoryBytes(resources("lean", "medium").requests.memory),
    );
  });
});

describe("quantities", () => {
  it("reads CPU", () => {
    expect(cpuCores("250m")).toBe(0.25);
    expect(cpuCores("2")).toBe(2);
    expect(cpuCores("1.5")).toBe(1.5);
    expect(() => cpuCores("2 cores")).toThrow('"2 cores" is not a CPU quantity (e.g. 250m or 2)');
  });

  it("reads memory", () => {
    expect(memoryBytes("512Mi")).toBe(512 * 2 ** 20);
    expect(memoryBytes("1Gi")).toBe(2 ** 30);
    expect(memoryBytes("1G")).toBe(1e9);
    expect(memoryBytes("1024")).toBe(1024);
    expect(() => memoryBytes("1 GB")).toThrow('"1 GB" is not a memory quantity (e.g. 512Mi or 1Gi)');
  });
});
