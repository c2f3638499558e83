import { describe, expect, it } from "vitest";
import { componentTree } from "./component-tree";
import { mermaidTree } from "./mermaid";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { summaryMarkdown } from "./summary";

const options = { dependsOn: [], protect: false, retainOnDelete: false, provider: null };
const component = (name: string, type: string, parent: string | null, inputs: Record<string, unknown> = {}): RecordedResource => ({ type, name, parent, custom: false, inputs, options });
const owned = (name: string, parent: string): RecordedResource => ({ type: "kubernetes:core/v1:ConfigMap", name, parent, custom: true, inputs: { kind: "ConfigMap" }, options });

const recording: Recording = {
  project: "homelab",
  stack: "demo",
  resources: [
    component("system", "homelab:system:System", null),
    component("traefik", "homelab:system:Traefik", "system"),
    component("traefik-chart", "kubernetes:helm.sh/v4:Chart", "traefik", { chart: "traefik", version: "41.3.0" }),
    owned("traefik-config", "traefik"),
    component("odd \"name\"", "homelab:llm:Llm", null),
  ],
  outputs: { endpoints: { traefik: "https://traefik.home.test/dashboard/" }, hostsEntries: ["10.0.0.5 traefik.home.test"] },
};

describe("the component tree", () => {
  it("nests components under their parents and counts what each owns", () => {
    expect(componentTree(recording)).toEqual([
      { name: "system", label: "homelab:system:System", resources: 0, children: [
        { name: "traefik", label: "homelab:system:Traefik", resources: 1, children: [{ name: "traefik-chart", label: "chart traefik 41.3.0", resources: 0, children: [] }] },
      ] },
      { name: "odd \"name\"", label: "homelab:llm:Llm", resources: 0, children: [] },
    ]);
  });

  it("draws as a Mermaid flowchart, one box per component, labels escaped", () => {
    expect(mermaidTree(componentTree(recording)).split("\n")).toEqual([
      "flowchart LR",
      '  c0["system<br/><small>System</small>"]',
      '  c1["traefik<br/><small>Traefik, 1 resources</small>"]',
      "  c0 --> c1",
      '  c2["traefik-chart<br/><small>traefik 41.3.0</small>"]',
      "  c1 --> c2",
      '  c3["odd #quot;name#quot;<br/><small>Llm</small>"]',
    ]);
  });
});

describe("summary.md", () => {
  const markdown = summaryMarkdown(recording);

  it("lists the charts with their versions, the requests, the endpoints and the hosts lines", () => {
    expect(markdown).toContain("| traefik | 41.3.0 |");
    expect(markdown).toContain("requests (DaemonSets counted once): 0.00 CPU, 0.00 GiB");
    expect(markdown).toContain("- traefik: https://traefik.home.test/dashboard/");
    expect(markdown).toContain("```text\n10.0.0.5 traefik.home.test\n```");
  });

  it("carries the tree as text and as a diagram", () => {
    expect(markdown).toContain("homelab-demo: 5 resources\n  system (homelab:system:System)\n    traefik (homelab:system:Traefik): 1 resources\n");
    expect(markdown).toContain(`\`\`\`mermaid\n${mermaidTree(componentTree(recording))}\n\`\`\``);
  });
});
