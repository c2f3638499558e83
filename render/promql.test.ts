import { describe, expect, it } from "vitest";
import { parsePromql } from "./promql";

describe("parsePromql", () => {
  it("names the metrics a query selects, not its functions or labels", async () => {
    expect(await parsePromql('sum by (le) (rate(a_bucket{code=~"5.."}[5m])) / on(job) b')).toEqual({ errors: [], metrics: ["a_bucket", "b"] });
  });

  it("reports what does not parse", async () => {
    expect((await parsePromql("rate(a[5m")).errors).not.toEqual([]);
    expect((await parsePromql("sum by (x (a)")).errors).not.toEqual([]);
  });
});
