import { describe, expect, it } from "vitest";
import { simulatedHost } from "../../render/simulated-host";
import { parseConfig } from "../config";
import { dnsAddressOf } from "./dns-config";

const pool = (addresses: string[]) => [{ name: "default", addresses }];

describe("dnsAddressOf", () => {
  it("takes the first pool address that is not Traefik's", () => {
    expect(dnsAddressOf({}, pool(["10.0.0.200-10.0.0.210"]), "10.0.0.200")).toBe("10.0.0.201");
    expect(dnsAddressOf({}, pool(["10.0.0.200-10.0.0.210"]), "10.0.0.205")).toBe("10.0.0.200");
  });

  it("moves on to the next range when Traefik holds the only address of one", () => {
    expect(dnsAddressOf({}, pool(["10.0.0.200/32", "10.0.0.220/32"]), "10.0.0.200")).toBe("10.0.0.220");
    expect(dnsAddressOf({}, pool(["10.0.0.200/32"]), "10.0.0.200")).toBeUndefined();
  });

  it("keeps the address the stack file names", () => {
    expect(dnsAddressOf({ address: "10.0.0.209" }, pool(["10.0.0.200-10.0.0.210"]), "10.0.0.200")).toBe("10.0.0.209");
  });
});

describe("features.dns", () => {
  it("refuses a pool with no address left besides Traefik's", () => {
    const result = parseConfig(
      { target: "minikube", domain: "homelab.test", loadBalancer: { kind: "metallb", pools: pool(["192.168.49.200/32"]) } },
      [],
      undefined,
      simulatedHost("linux", undefined),
    );
    expect(result).toEqual({
      ok: false,
      problems: ["homelab:loadBalancer.pools: no address is left for the DNS server besides Traefik's; widen a pool or turn features.dns off"],
    });
  });

  it("is off by default with the tunnel, and refused when switched on there", () => {
    const darwin = simulatedHost("darwin", undefined);
    const off = parseConfig({ target: "minikube", domain: "homelab.test" }, [], undefined, darwin);
    expect(off.ok && "config" in off && off.config.features.dns).toBe(false);
    expect(parseConfig({ target: "minikube", domain: "homelab.test", features: { dns: true } }, [], undefined, darwin)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^homelab:features\.dns: .*\(this stack: tunnel\)/)],
    });
  });
});
