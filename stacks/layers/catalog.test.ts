import { describe, expect, it } from "vitest";
import { defaultLoadBalancer } from "../load-balancer-config";
import { TARGETS } from "../targets/catalog";
import { catalogKeys, catalogSwitches, LAYERS } from "./catalog";
import { parseConfig } from "../config";
import { defineLayer } from "./layer";

describe("the layer catalog", () => {
  it.each(["linux", "darwin"] as const)("decides each switch's default from what the target can do, on %s", (os) => {
    const defaults = Object.fromEntries(
      Object.values(TARGETS).map((target) => {
        const stack = { loadBalancer: defaultLoadBalancer(target.defaults, os) };
        return [target.name, Object.fromEntries(catalogSwitches(LAYERS).map(({ name, definition }) => [name, definition.default(target, stack)]))];
      }),
    );
    // Vault, its unsealer and the operator fit even the lean budget.
    const built = { llm: true, secrets: true };
    expect(defaults).toEqual({
      // The DNS server needs MetalLB's address of its own: minikube on macOS runs the tunnel.
      // Keycloak where pods reach the ingress address (MetalLB's), as the UIs call the issuer there.
      minikube: { objectStorage: false, dns: os === "linux", sso: os === "linux", observability: false, data: false, ...built },
      wsl2: { objectStorage: false, dns: false, sso: false, observability: false, data: false, ...built },
      "bare-metal": { objectStorage: true, dns: true, sso: true, observability: true, data: true, ...built },
    });
  });

  it("gives every key and switch one owner", () => {
    const twin = defineLayer({ name: "twin", features: { llm: { summary: "again", default: () => false, keys: [] } }, config: { tls: LAYERS[0].config.tls } });
    expect(() => catalogKeys([...LAYERS, twin])).toThrow("layers system and twin both declare the config key tls; a key has one owner");
    expect(() => catalogSwitches([...LAYERS, twin])).toThrow("layers llm and twin both declare the feature switch llm; a key has one owner");
  });

  it("accepts a planned layer's switch only when off, naming the layer", () => {
    // A layer without `build`: its switch exists before its components do.
    const kafka = defineLayer({ name: "kafka", features: { kafka: { summary: "Kafka", default: () => false, keys: [] } }, switch: "kafka", config: {} });
    const stack = { target: "wsl2", domain: "wsl.home.arpa" };
    expect(parseConfig({ ...stack, features: { kafka: false } }, [], [...LAYERS, kafka]).ok).toBe(true);
    const on = parseConfig({ ...stack, features: { kafka: true } }, [], [...LAYERS, kafka]);
    expect(on.ok ? [] : on.problems).toEqual(["homelab:features.kafka: Kafka is not part of homelab yet; leave it off"]);
  });

  it("builds in the order of the layer folders: system, platform, data, then llm", () => {
    expect(LAYERS.map((layer) => layer.name)).toEqual(["system", "secrets", "sso", "observability", "data", "llm"]);
  });
});
