import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { comparisonTable, loadRun, saveRun, type SavedRun } from "./comparison.ts";

const figures = (rps: number, p50: number, p99: number) => ({ rps, cpuMicrosPerRequest: 1e6 / rps, latency: { p50, p99 }, firstByte: { p50, p99 } });

const run = (gatewayRps: number, gatewayP50: number, nodeProxyRps?: number): SavedRun => ({
  node: "v20",
  bundle: "llm-gateway.mjs",
  targets: {
    direct: figures(10000, 0.25, 2),
    nginx: figures(8000, 0.3, 2.5),
    ...(nodeProxyRps === undefined ? {} : { "node proxy": figures(nodeProxyRps, 0.28, 2.2) }),
    gateway: figures(gatewayRps, gatewayP50, 4),
  },
});

describe("bench comparison", () => {
  it("puts each run's gateway figures side by side, with its share of that run's nginx and the latency it adds", () => {
    // The run before was saved before the node proxy was measured: its figure is n/a, not NaN.
    const table = comparisonTable(run(2000, 1.25), run(4400, 0.75, 5100.4), { before: "main", after: "branch" });
    expect(table.split("\n")).toEqual([
      "| figure | main | branch |",
      "| --- | ---: | ---: |",
      "| gateway requests/s | 2000 | 4400 |",
      "| nginx requests/s | 8000 | 8000 |",
      "| node proxy requests/s | n/a | 5100 |",
      "| gateway as share of nginx | 25% | 55% |",
      "| gateway CPU per request (µs) | 500 | 227 |",
      "| gateway latency p50 (ms) | 1.25 | 0.75 |",
      "| gateway latency p99 (ms) | 4.00 | 4.00 |",
      "| added latency p50 (ms) | 1.00 | 0.50 |",
      "| added latency p99 (ms) | 2.00 | 2.00 |",
    ]);
  });

  it("reads back a saved run, and refuses a file without gateway figures", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-comparison-"));
    try {
      await saveRun(join(dir, "run.json"), run(2000, 1));
      expect(await loadRun(join(dir, "run.json"))).toEqual(run(2000, 1));
      await writeFile(join(dir, "empty.json"), "{}");
      await expect(loadRun(join(dir, "empty.json"))).rejects.toThrow("holds no gateway figures");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
