import { describe, expect, it } from "vitest";
import { retentionSize } from "./prometheus-storage";

describe("retentionSize", () => {
  it("keeps a fifth of the volume free, in Prometheus's units", () => {
    expect(retentionSize("5Gi")).toBe("4096MB");
    expect(retentionSize("20Gi")).toBe("16384MB");
  });

  it("refuses what is not a volume size", () => {
    expect(() => retentionSize("big")).toThrow(/"big" is not a memory quantity/);
  });
});
