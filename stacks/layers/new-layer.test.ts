import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { installChart, type PinnedChart } from "../../components/lib/charts";
import { exposeService } from "../../components/lib/expose-service";
import type { Exposure } from "../../components/lib/exposure";
import { platformNamespace } from "../../components/lib/platform-namespace";
import { resources } from "../../components/lib/sizing";
import type { SizingProfile } from "../../components/lib/capabilities";
import { MINIKUBE, renderConfig, resource } from "../../render/harness";
import { Secret } from "../../render/secret";
import { parseConfig } from "../config";
import { ConfigError } from "../config-problems";
import { chartRegistry, LAYERS } from "./catalog";
import { defineLayer, type Login } from "./layer";

/**
 * What adding a chart-based layer costs: its component (here, in place of a folder under
 * components/), its layer module, and one line in the catalog. Everything below works
 * without another edit: the switch and its default, config errors, the platform-only key,
 * the chart pin, the endpoint with its Gateway listener, and the stack outputs.
 */

const WIKI_CHARTS = {
  wiki: { repo: "https://charts.example.org", chart: "wiki", version: "3.1.0", workloads: [{ resources: ["resources"], replicas: 1 }] },
} as const satisfies Record<string, PinnedChart>;

interface WikiArgs {
  readonly size: string;
  readonly sizing: SizingProfile;
  readonly exposure: Exposure;
}

/** The component a new layer folder would hold. */
class Wiki extends pulumi.ComponentResource {
  readonly admin: Login;

  constructor(name: string, args: WikiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:wiki:Wiki", name, {}, opts);
    const { namespace } = platformNamespace("wiki", { podSecurity: { level: "restricted" }, allow: [{ kind: "from-gateway", ports: [3000] }] }, { parent: this });
    const values = { resources: resources(args.sizing, "small"), persistence: { size: args.size } };
    installChart(name, WIKI_CHARTS.wiki, { namespace: "wiki", values }, { parent: this, dependsOn: [namespace] });
    exposeService(args.exposure, { name: "wiki", namespace: "wiki", service: "wiki", port: 3000 }, { parent: this, dependsOn: [namespace] });
    const password = new random.RandomPassword(`${name}-admin-password`, { length: 24, special: false }, { parent: this });
    this.admin = { username: "admin", password: password.result };
    this.registerOutputs({ admin: this.admin });
  }
}

const WIKI_KEYS = {
  wiki: z
    .strictObject({ size: z.string().regex(/^\d+Gi$/, { error: (i) => `expected a size such as 5Gi; got ${JSON.stringify(i.input)}` }).default("5Gi") })
    .prefault({}),
};

/** The module a new layer adds to stacks/layers/. */
const wikiLayer = defineLayer({
  name: "wiki",
  features: { wiki: { summary: "a wiki", default: (target) => target.capabilities.sizing === "full", keys: ["wiki"] } },
  switch: "wiki",
  config: WIKI_KEYS,
  checks: [{ needs: ["wiki"], run: (c) => (c.wiki.size === "0Gi" ? ["homelab:wiki.size: a wiki needs room; give it at least 1Gi"] : []) }],
  charts: WIKI_CHARTS,
  needs: ["system"],
  build: ({ config, target, platform, opts }) => {
    const wiki = new Wiki("wiki", { size: config.wiki.size, sizing: target.sizing, exposure: platform.system.exposure }, opts);
    return { outputs: { credentials: { wiki: wiki.admin }, values: { wiki: { size: config.wiki.size } } } };
  },
});

/** The one catalog line. */
const CATALOG = [...LAYERS, wikiLayer];

const BARE_METAL = {
  target: "bare-metal",
  domain: "lab.home.arpa",
  cluster: { stack: "homelab-metal" },
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
};

function problems(values: Record<string, unknown>): readonly string[] {
  const result = parseConfig(values, [], CATALOG);
  return result.ok ? [] : result.problems;
}

describe("a new chart-based layer, added with a component, a layer module and a catalog line", () => {
  it("gets a switch whose default follows the target's sizing", () => {
    const features = (values: Record<string, unknown>) => {
      const result = parseConfig(values, [], CATALOG);
      if (!result.ok || !("config" in result)) throw new Error(JSON.stringify(result));
      return result.config.features as Record<string, boolean>;
    };
    expect(features(MINIKUBE).wiki).toBe(false);
    expect(features(BARE_METAL).wiki).toBe(true);
    expect(features({ ...MINIKUBE, features: { wiki: true } }).wiki).toBe(true);
  });

  it("reports its config errors and checks under its key, and refuses its settings while it is off", () => {
    expect(problems({ ...MINIKUBE, features: { wiki: true }, wiki: { size: "big" } })).toEqual([
      'homelab:wiki.size: expected a size such as 5Gi; got "big"',
    ]);
    expect(problems({ ...MINIKUBE, features: { wiki: true }, wiki: { size: "0Gi" } })).toEqual([
      "homelab:wiki.size: a wiki needs room; give it at least 1Gi",
    ]);
    expect(problems({ ...MINIKUBE, wiki: { size: "2Gi" } })).toEqual([
      "homelab:wiki: set, but features.wiki is off; turn the feature on or remove the key",
    ]);
  });

  it("counts its keys as the platform's, which the stack that builds the cluster refuses", () => {
    const metal = {
      target: "bare-metal",
      domain: "lab.home.arpa",
      proxmox: { endpoint: "https://pve.lan:8006/" },
      cluster: { apiVip: "10.0.10.10", network: { cidr: "10.0.10.0/24", gateway: "10.0.10.1" }, servers: [{ name: "k3s-1", vmId: 9101, address: "10.0.10.11" }] },
      wiki: { size: "2Gi" },
    };
    expect(problems(metal)).toEqual([
      "homelab:wiki: this stack builds the cluster (homelab:cluster is a layout) and runs nothing in it; set this key in the stack that runs the platform on it",
    ]);
  });

  it("is unknown to a catalog without it", () => {
    const result = parseConfig({ ...MINIKUBE, wiki: {} });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^homelab:wiki: unknown key; known keys here: .*objectStorage, dns, vault, sso, observability, data, models, hostedModels, llm$/)]);
  });

  it("adds its chart pin to the one registry the value checks and the render read", () => {
    expect(chartRegistry(CATALOG)).toContainEqual(WIKI_CHARTS.wiki);
    expect(chartRegistry()).not.toContainEqual(WIKI_CHARTS.wiki);
  });

  it("builds after the layers it needs, with its endpoint, Gateway listener and outputs", async () => {
    const recording = await renderConfig(
      { ...MINIKUBE, domain: "lab.example.com", features: { wiki: true }, tls: { acme: { email: "me@example.com" } } },
      "test",
      CATALOG,
    );
    expect(resource(recording, "homelab:wiki:Wiki", "wiki").parent).toBeNull();
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "wiki-chart").inputs).toMatchObject({ chart: "wiki", version: "3.1.0" });
    expect(recording.outputs.endpoints).toMatchObject({ wiki: "https://wiki.lab.example.com" });
    expect(recording.outputs.hostsEntries).toContain("192.168.49.200 wiki.lab.example.com");
    const gateway = resource(recording, "kubernetes:gateway.networking.k8s.io/v1:Gateway", "gateway-platform");
    const listeners = (gateway.inputs.spec as { listeners: { name: string }[] }).listeners.map((l) => l.name);
    expect(listeners).toContain("https-wiki");
    expect(recording.outputs.wiki).toEqual({ size: "5Gi" });
    expect((recording.outputs.credentials as Record<string, unknown>).wiki).toEqual({ username: "admin", password: expect.any(Secret) });
  });

  it("is not built while its switch is off", async () => {
    const recording = await renderConfig(MINIKUBE, "test", CATALOG);
    expect(recording.resources.filter((r) => r.type.startsWith("homelab:wiki:"))).toEqual([]);
    expect(recording.outputs).not.toHaveProperty("wiki");
  });

  it("stops with a clear error when a layer it needs is not built before it", async () => {
    const error = await renderConfig({ ...MINIKUBE, features: { wiki: true } }, "test", [wikiLayer, ...LAYERS]).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe("layer wiki builds on system, which no layer before it in the catalog provides");
  });
});
