import { describe, expect, it } from "vitest";
import { pinnedCharts } from "./pinned-charts";

const chart = (version?: string) => ({ type: "kubernetes:helm.sh/v4:Chart", name: "traefik-chart", props: { chart: "traefik", ...(version !== undefined && { version }) } });

describe("pinnedCharts", () => {
  it.each(["41.3.0", "v1.21.1", "1.0.0-rc.1"])("accepts the exact version %s", (version) => {
    expect(pinnedCharts(chart(version))).toEqual([]);
  });

  it("catches a chart without a version", () => {
    expect(pinnedCharts(chart())).toEqual(["kubernetes:helm.sh/v4:Chart traefik-chart installs chart traefik without a version; pin an exact one (e.g. 1.2.3)"]);
  });

  it.each(["^41.0.0", "41.x", ">=41", "41.3"])("catches the range %s", (version) => {
    expect(pinnedCharts(chart(version))).toEqual([
      `kubernetes:helm.sh/v4:Chart traefik-chart installs chart traefik at "${version}"; pin an exact version (e.g. 1.2.3), not a range`,
    ]);
  });

  it("checks Helm releases too, and nothing else", () => {
    expect(pinnedCharts({ type: "kubernetes:helm.sh/v3:Release", name: "r", props: { chart: "x" } })).toHaveLength(1);
    expect(pinnedCharts({ type: "kubernetes:core/v1:Service", name: "s", props: {} })).toEqual([]);
  });
});
