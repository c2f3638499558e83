import { describe, expect, it } from "vitest";
import { renderStack } from "./harness";
import { simulatedHost } from "./simulated-host";
import { componentTree } from "./component-tree";
import { mermaidTree } from "./mermaid";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { summarize, summaryMarkdown } from "./summary";

describe("summarize", () => {
  it("names the stack and its project once", async () => {
    const summary = summarize(await renderStack("homelab-metal"));
    expect(summary.split("\n")[0]).toMatch(/^homelab-metal \(project homelab\): \d+ resources$/);
  });

  it("shows the VMs a cluster builder makes, their total, and the API address, not Kubernetes requests", async () => {
    const lines = summarize(await renderStack("homelab-metal")).split("\n");
    const vms = lines.slice(lines.findIndex((l) => l.startsWith("VMs:")));
    expect(vms[0]).toMatch(/^VMs: \d+, \d+ cores, \d+\.\d GiB memory, \d+ GB disk$/);
    expect(vms).toContain("  k3s-server-1 on pve: 2 cores, 4.0 GiB memory, 32 GB disk");
    expect(vms.at(-1)).toBe("API: https://192.168.10.10:6443 (VIP 192.168.10.10)");
    expect(lines.some((l) => l.startsWith("requests"))).toBe(false);
  });

  it("shows a platform stack's requests and endpoints", async () => {
    const summary = summarize(await renderStack("dev"));
    expect(summary).toMatch(/^requests \(DaemonSets counted once\): \d+\.\d\d CPU, \d+\.\d\d GiB$/m);
    expect(summary).toContain("  llm: https://llm.homelab.test");
    expect(summary).not.toContain("VMs:");
  });
});

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
    expect(markdown).toContain("demo (project homelab): 5 resources\n  system (homelab:system:System)\n    traefik (homelab:system:Traefik): 1 resources\n");
    expect(markdown).toContain(`\`\`\`mermaid\n${mermaidTree(componentTree(recording))}\n\`\`\``);
  });
});

describe("summary.md of each stack says what the printed summary says", () => {
  /** The lines of a Markdown section, list marks dropped. */
  const sectionOf = (markdown: string, heading: string) => {
    const lines = markdown.split("\n");
    const start = lines.indexOf(`## ${heading}`);
    const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
    return start === -1 ? [] : lines.slice(start + 1, end).filter((line) => line !== "" && !line.startsWith("```")).map((line) => line.replace(/^- /, ""));
  };

  it("dev on Linux: the requests, MetalLB's pool and ingress address, and the DNS server", async () => {
    const recording = await renderStack("dev");
    const markdown = summaryMarkdown(recording);
    const printed = summarize(recording).split("\n");
    const addresses = sectionOf(markdown, "Load balancer and DNS");
    expect(addresses).toEqual([
      "load balancer: metallb, ingress at 192.168.49.200, pools 192.168.49.200-192.168.49.250",
      "dns server: 192.168.49.201, answering every endpoint's host",
    ]);
    expect(printed).toEqual(expect.arrayContaining([...addresses, ...sectionOf(markdown, "Requests")]));
  });

  it("dev on macOS: the tunnel that must keep running, and no DNS server", async () => {
    const recording = await renderStack("dev", simulatedHost("darwin", undefined));
    const addresses = sectionOf(summaryMarkdown(recording), "Load balancer and DNS");
    expect(addresses).toEqual([expect.stringMatching(/^load balancer: tunnel, ingress at 127\.0\.0\.1; `minikube tunnel` must keep running/)]);
    expect(summarize(recording).split("\n")).toEqual(expect.arrayContaining(addresses));
  });

  it("homelab-metal: the VMs, their total and the API address, not requests nor hosts lines of a platform", async () => {
    const recording = await renderStack("homelab-metal");
    const markdown = summaryMarkdown(recording);
    const vms = sectionOf(markdown, "VMs");
    expect(vms[0]).toMatch(/^VMs: \d+, /);
    expect(vms.at(-1)).toBe("API: https://192.168.10.10:6443 (VIP 192.168.10.10)");
    expect(summarize(recording).split("\n")).toEqual(expect.arrayContaining(vms));
    expect(markdown).not.toContain("## Requests");
    expect(sectionOf(markdown, "Hosts lines")).toEqual(["none"]);
  });
});
