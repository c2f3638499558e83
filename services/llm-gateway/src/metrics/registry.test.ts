import { describe, expect, it } from "vitest";
import { Counter, Gauge, Histogram, Registry } from "./registry.ts";

describe("Registry", () => {
  it("renders counters, gauges and histograms in the Prometheus text format", () => {
    const registry = new Registry();
    const counter = registry.register(new Counter("requests_total", "Requests.", ["route"]));
    const gauge = registry.register(new Gauge("depth", "Depth.", [], () => 3));
    const histogram = registry.register(new Histogram("latency_seconds", "Latency.", [0.1, 1], ["route"]));
    counter.inc({ route: '/a"b' });
    counter.inc({ route: '/a"b' }, 2);
    histogram.observe(0.05, { route: "/x" });
    histogram.observe(0.5, { route: "/x" });
    histogram.observe(5, { route: "/x" });
    expect(gauge.render()).toContain("depth 3\n");
    expect(registry.render()).toBe(
      [
        "# HELP requests_total Requests.",
        "# TYPE requests_total counter",
        'requests_total{route="/a\\"b"} 3',
        "# HELP depth Depth.",
        "# TYPE depth gauge",
        "depth 3",
        "# HELP latency_seconds Latency.",
        "# TYPE latency_seconds histogram",
        'latency_seconds_bucket{route="/x",le="0.1"} 1',
        'latency_seconds_bucket{route="/x",le="1"} 2',
        'latency_seconds_bucket{route="/x",le="+Inf"} 3',
        'latency_seconds_sum{route="/x"} 5.55',
        'latency_seconds_count{route="/x"} 3',
        "",
      ].join("\n"),
    );
  });
});
