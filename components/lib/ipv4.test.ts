import { describe, expect, it } from "vitest";
import { formatIpv4, parseCidr, parseIpv4, parseIpv4Range, rangeContains, rangesOverlap } from "./ipv4";

describe("parseIpv4", () => {
  it("reads dotted quads", () => {
    expect(parseIpv4("192.168.49.2")).toBe(0xc0a83102);
    expect(parseIpv4("0.0.0.0")).toBe(0);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
  });

  it.each(["256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "a.b.c.d", "", "1.2.3.-4"])(
    "rejects %j",
    (text) => expect(parseIpv4(text)).toBeUndefined(),
  );

  it("formats back", () => {
    expect(formatIpv4(parseIpv4("10.20.30.40")!)).toBe("10.20.30.40");
  });
});

describe("parseIpv4Range", () => {
  it("reads a dash range", () => {
    expect(parseIpv4Range("10.0.0.10-10.0.0.20")).toEqual({
      first: parseIpv4("10.0.0.10"),
      last: parseIpv4("10.0.0.20"),
    });
  });

  it("reads an aligned CIDR", () => {
    const range = parseIpv4Range("192.168.49.192/27")!;
    expect(formatIpv4(range.first)).toBe("192.168.49.192");
    expect(formatIpv4(range.last)).toBe("192.168.49.223");
    expect(parseCidr("10.0.0.7/32")).toEqual({ first: parseIpv4("10.0.0.7"), last: parseIpv4("10.0.0.7") });
  });

  it.each(["10.0.0.20-10.0.0.10", "10.0.0.1/24", "10.0.0.0/33", "10.0.0.0", "10.0.0.0/-1", "x-y"])(
    "rejects %j",
    (text) => expect(parseIpv4Range(text)).toBeUndefined(),
  );
});

describe("overlap and containment", () => {
  const a = parseIpv4Range("10.0.0.0/28")!;
  it("sees shared addresses", () => {
    expect(rangesOverlap(a, parseIpv4Range("10.0.0.15-10.0.0.30")!)).toBe(true);
    expect(rangesOverlap(a, parseIpv4Range("10.0.0.16-10.0.0.30")!)).toBe(false);
  });
  it("sees an address inside", () => {
    expect(rangeContains(a, parseIpv4("10.0.0.15")!)).toBe(true);
    expect(rangeContains(a, parseIpv4("10.0.0.16")!)).toBe(false);
  });
});
