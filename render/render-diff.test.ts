import { describe, expect, it } from "vitest";
import { renderDiff, type RenderTree } from "./render-diff";
import { renderFiles } from "./render-files";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { Secret } from "./secret";

const options = { dependsOn: [], protect: false, retainOnDelete: false, provider: "cluster" };

function configMap(name: string, data: Record<string, string>): RecordedResource {
  return { type: "kubernetes:core/v1:ConfigMap", name, parent: "apps", custom: true, inputs: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "apps" }, data }, options };
}

function secret(password: string): RecordedResource {
  const inputs = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "apps" }, stringData: new Secret({ username: "app", password }) };
  return { type: "kubernetes:core/v1:Secret", name: "db", parent: "apps", custom: true, inputs, options };
}

function chart(version: string, replicas: number): RecordedResource {
  const inputs = { name: "traefik", namespace: "traefik", chart: "traefik", version, repositoryOpts: { repo: "https://traefik.github.io/charts" }, values: { deployment: { replicas } } };
  return { type: "kubernetes:helm.sh/v4:Chart", name: "traefik-chart", parent: "system", custom: false, inputs, options };
}

function tree(resources: RecordedResource[], endpoints: Record<string, string>): RenderTree {
  const recording: Recording = { project: "homelab", stack: "dev", resources, outputs: { endpoints } };
  return { masked: renderFiles(recording, false), revealed: renderFiles(recording, true) };
}

const base = tree([configMap("old", { a: "1" }), configMap("kept", { a: "1" }), secret("first"), chart("41.3.0", 1)], { chat: "https://chat.home.test" });
const head = tree([configMap("kept", { a: "2" }), configMap("new", { b: "1" }), secret("second"), chart("41.4.0", 2)], {
  chat: "https://chat.home.test",
  llm: "https://llm.home.test",
});
const markdown = renderDiff("dev", base, head);

describe("render:diff", () => {
  it("counts and lists resources added, changed and removed", () => {
    expect(markdown.split("\n")[0]).toBe("## `dev`: 1 added, 3 changed, 1 removed");
    expect(markdown).toContain("| added | `kubernetes:core/v1:ConfigMap` | new |");
    expect(markdown).toContain("| changed | `kubernetes:core/v1:ConfigMap` | kept |");
    expect(markdown).toContain("| removed | `kubernetes:core/v1:ConfigMap` | old |");
  });

  it("shows a chart version bump and its changed values as a collapsible diff", () => {
    expect(markdown).toContain("**Chart versions**\n\n- traefik.traefik: traefik 41.3.0 → 41.4.0\n");
    expect(markdown).toContain("<details><summary><code>charts/traefik.traefik.yaml</code> (changed)</summary>");
    expect(markdown).toMatch(/```diff\n@@ -1,8 \+1,8 @@\n release: traefik\n[^`]*-version: 41\.3\.0\n\+version: 41\.4\.0/);
    expect(markdown).toMatch(/-\s+replicas: 1\n\+\s+replicas: 2/);
  });

  it("shows added and removed manifests whole", () => {
    expect(markdown).toContain("<code>manifests/apps.ConfigMap.new.yaml</code> (added)");
    expect(markdown).toContain("+  b: \"1\"");
    expect(markdown).toContain("<code>manifests/apps.ConfigMap.old.yaml</code> (removed)");
  });

  it("names a changed secret value by its key and never shows it", () => {
    expect(markdown).toContain("- <code>manifests/apps.Secret.db.yaml</code> (changed; secret values changed: stringData.password): nothing else changed");
    expect(markdown).not.toMatch(/first|second/);
    expect(markdown).toContain("| changed | `kubernetes:core/v1:Secret` | db |");
  });

  it("gives the summary: requests, and endpoints new and gone", () => {
    expect(markdown).toContain("**Summary**\n\n- requests (DaemonSets counted once): 0.00 CPU, 0.00 GiB\n- endpoint chat: https://chat.home.test\n- endpoint llm: https://llm.home.test (new)\n");
    expect(renderDiff("dev", head, base)).toContain("- endpoint llm: https://llm.home.test (gone)");
  });

  it("gives a cluster builder's VMs line in place of requests", () => {
    const vm = (cores: number): RecordedResource => ({
      type: "proxmoxve:index/vmLegacy:VmLegacy",
      name: "k3s-server-1",
      parent: null,
      custom: true,
      inputs: { name: "k3s-server-1", nodeName: "pve", cpu: { cores }, memory: { dedicated: 4096 }, disks: [{ size: 32 }] },
      options,
    });
    const diff = renderDiff("homelab-metal", tree([vm(2)], {}), tree([vm(4)], {}));
    expect(diff).toContain("**Summary**\n\n- VMs: 1, 4 cores, 4.0 GiB memory, 32 GB disk (was: 1, 2 cores, 4.0 GiB memory, 32 GB disk)\n");
    expect(diff).not.toContain("undefined");
  });

  it("says so when nothing changed", () => {
    expect(renderDiff("dev", head, head)).toBe("## `dev`: no change\n");
  });
});
