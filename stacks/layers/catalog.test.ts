import { describe, expect, it } from "vitest";
import { defaultLoadBalancer } from "../load-balancer-config";
import { TARGETS } from "../targets/catalog";
import { catalogKeys, catalogSwitches, LAYERS } from "./catalog";
import { defineLayer } from "./layer";

describe("the layer catalog", () => {
  it.each(["linux", "darwin"] as const)("decides each switch's default from what the target can do, on %s", (os) => {
    const defaults = Object.fromEntries(
      Object.values(TARGETS).map((target) => {
        const stack = { loadBalancer: defaultLoadBalancer(target.defaults, os) };
        return [target.name, Object.fromEntries(catalogSwitches(LAYERS).map(({ name, definition }) => [name, definition.default(target, stack)]))];
      }),
    );
    const planned = { secrets: false, sso: false, observability: false };
    expect(defaults).toEqual({
      // The DNS server needs MetalLB's address of its own: minikube on macOS runs the tunnel.
      minikube: { objectStorage: false, dns: os === "linux", data: false, llm: true, ...planned },
      wsl2: { objectStorage: false, dns: false, data: false, llm: true, ...planned },
      "bare-metal": { objectStorage: true, dns: true, data: true, llm: true, ...planned },
    });
  });

  it("gives every key and switch one owner", () => {
    const twin = defineLayer({ name: "twin", features: { llm: { summary: "again", default: () => false, keys: [] } }, config: { tls: LAYERS[0].config.tls } });
    expect(() => catalogKeys([...LAYERS, twin])).toThrow("layers system and twin both declare the config key tls; a key has one owner");
    expect(() => catalogSwitches([...LAYERS, twin])).toThrow("layers llm and twin both declare the feature switch llm; a key has one owner");
  });

  it("builds in the order of the layer folders: system, platform, data, then llm", () => {
    expect(LAYERS.map((layer) => layer.name)).toEqual(["system", "secrets", "sso", "observability", "data", "llm"]);
  });
});
