import { describe, expect, it } from "vitest";
import { EndpointRegistry } from "./endpoints";

const grafana = { name: "grafana", host: "grafana.home.arpa", url: "https://grafana.home.arpa", address: "10.0.0.200" };
const chat = { name: "chat", host: "chat.home.arpa", url: "https://chat.home.arpa", address: "10.0.0.200" };

describe("EndpointRegistry", () => {
  it("lists URLs and hosts lines sorted by name", () => {
    const registry = new EndpointRegistry();
    registry.add(grafana);
    registry.add(chat);
    expect(registry.urls()).toEqual({ chat: "https://chat.home.arpa", grafana: "https://grafana.home.arpa" });
    expect(Object.keys(registry.urls())).toEqual(["chat", "grafana"]);
    expect(registry.hostsEntries()).toEqual(["10.0.0.200 chat.home.arpa", "10.0.0.200 grafana.home.arpa"]);
  });

  it("adds hosts lines for names served outside the Gateway, after the pages, once each", () => {
    const registry = new EndpointRegistry();
    registry.add(chat);
    registry.addHost("kafka-1.home.arpa", "10.0.0.200");
    registry.addHost("kafka-0.home.arpa", "10.0.0.200");
    registry.addHost("chat.home.arpa", "10.0.0.200");
    expect(registry.hostsEntries()).toEqual(["10.0.0.200 chat.home.arpa", "10.0.0.200 kafka-0.home.arpa", "10.0.0.200 kafka-1.home.arpa"]);
    expect(registry.urls()).toEqual({ chat: "https://chat.home.arpa" });
  });

  it("refuses a name registered twice, naming both URLs", () => {
    const registry = new EndpointRegistry();
    registry.add(chat);
    expect(() => registry.add({ ...chat, url: "https://other.home.arpa" })).toThrow(
      'endpoint "chat" is registered twice (https://chat.home.arpa and https://other.home.arpa)',
    );
  });

  it("closes with every host label, sorted, and refuses one exposed after", () => {
    const registry = new EndpointRegistry();
    registry.add(grafana);
    registry.add(chat);
    expect(registry.close()).toEqual(["chat", "grafana"]);
    expect(() => registry.add({ ...grafana, name: "late" })).toThrow(
      'endpoint "late" is exposed after the shared Gateway was published; expose it while its layer is built',
    );
  });

  it("is empty before anything is exposed", () => {
    expect(new EndpointRegistry().urls()).toEqual({});
    expect(new EndpointRegistry().hostsEntries()).toEqual([]);
  });
});
