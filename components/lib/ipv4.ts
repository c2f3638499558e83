/**
 * IPv4 addresses and ranges as numbers, so pools, node addresses and the API VIP can be
 * checked against each other before anything is created.
 */

/** An inclusive range of IPv4 addresses, as 32-bit unsigned numbers. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses `a.b.c.d`; returns undefined when it is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/**
 * Parses the two forms MetalLB accepts in an address pool: `a.b.c.d-e.f.g.h` and
 * `a.b.c.d/n`. A CIDR must be aligned (`10.0.0.1/24` is a typo for one of two things).
 */
export function parseIpv4Range(text: string): Ipv4Range | undefined {
  const dash = text.split("-");
  if (dash.length === 2) {
    const first = parseIpv4(dash[0]!.trim());
    const last = parseIpv4(dash[1]!.trim());
    if (first === undefined || last === undefined || first > last) return undefined;
    return { first, last };
  }
  return parseCidr(text);
}

/** Parses an aligned `a.b.c.d/n`. */
export function parseCidr(text: string): Ipv4Range | undefined {
  const slash = text.split("/");
  if (slash.length !== 2 || !/^(3[0-2]|[12]?\d)$/.test(slash[1]!)) return undefined;
  const base = parseIpv4(slash[0]!);
  if (base === undefined) return undefined;
  const size = 2 ** (32 - Number(slash[1]));
  if (base % size !== 0) return undefined;
  return { first: base, last: base + size - 1 };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function rangeContains(range: Ipv4Range, address: number): boolean {
  return range.first <= address && address <= range.last;
}
