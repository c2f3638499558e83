import { describe, expect, it } from "vitest";
import { AddressPolicy, parseCidrs } from "./address-policy.ts";

describe("AddressPolicy", () => {
  const policy = new AddressPolicy();

  it("permits public addresses", () => {
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]) expect(policy.permits(address), address).toBe(true);
  });

  it("refuses loopback, private, link-local, carrier-grade NAT, multicast and IPv4-mapped addresses", () => {
    const refused = ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.10", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255"];
    refused.push("::1", "::", "fe80::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1");
    for (const address of refused) expect(policy.permits(address), address).toBe(false);
  });

  it("permits the ranges the operator allowed, and only those", () => {
    const lan = new AddressPolicy(parseCidrs("192.168.1.0/24,fd00::/8", "IMAGE_URL_ALLOW_CIDRS"));
    expect(lan.permits("192.168.1.20")).toBe(true);
    expect(lan.permits("fd00::5")).toBe(true);
    expect(lan.permits("192.168.2.20")).toBe(false);
    expect(lan.permits("127.0.0.1")).toBe(false);
  });

  it("names the variable and the entry of a bad range", () => {
    expect(() => parseCidrs("10.0.0.0/8,nonsense", "IMAGE_URL_ALLOW_CIDRS")).toThrow(/IMAGE_URL_ALLOW_CIDRS: got "nonsense"/);
    expect(() => parseCidrs("10.0.0.0/33", "IMAGE_URL_ALLOW_CIDRS")).toThrow(/10\.0\.0\.0\/33/);
  });
});
