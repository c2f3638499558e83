import { describe, expect, it } from "vitest";
import { TARGETS } from "../targets/catalog";
import { catalogKeys, catalogSwitches, LAYERS } from "./catalog";
import { defineLayer } from "./layer";

describe("the layer catalog", () => {
  it("decides each switch's default from what the target can do", () => {
    const defaults = Object.fromEntries(
      Object.values(TARGETS).map((target) => [
        target.name,
        Object.fromEntries(catalogSwitches(LAYERS).map(({ name, definition }) => [name, definition.default(target)])),
      ]),
    );
    const planned = { secrets: false, sso: false, data: false };
    expect(defaults).toEqual({
      minikube: { objectStorage: false, observability: false, llm: true, ...planned },
      wsl2: { objectStorage: false, observability: false, llm: true, ...planned },
      "bare-metal": { objectStorage: true, observability: true, llm: true, ...planned },
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
