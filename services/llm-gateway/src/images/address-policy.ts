import { BlockList, isIP } from "node:net";

type Family = "ipv4" | "ipv6";

/**
 * Addresses that are not on the public internet: this host, its networks,
 * link-local (cloud metadata), multicast, reserved. Node's BlockList checks
 * IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against the IPv4 ranges.
 */
const NON_PUBLIC: readonly (readonly [string, number, Family])[] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 128, "ipv6"],
  ["::1", 128, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: Family;
}

/** Parses `10.1.2.0/24,fd00::/8`; a bad entry throws a message that names `variable`. */
export function parseCidrs(text: string | undefined, variable: string): Cidr[] {
  if (!text?.trim()) return [];
  return text.split(",").map((entry) => {
    const [address = "", prefixText = ""] = entry.trim().split("/");
    const version = isIP(address);
    const prefix = Number(prefixText);
    const max = version === 6 ? 128 : 32;
    if (version === 0 || !/^\d+$/.test(prefixText) || prefix > max) {
      throw new Error(`${variable}: got "${entry.trim()}", expected an address range such as 192.168.1.0/24 or fd00::/8`);
    }
    return { address, prefix, family: version === 6 ? "ipv6" : "ipv4" };
  });
}

/**
 * Which addresses the gateway may fetch from on a client's behalf: public
 * ones, and the ranges the operator allowed. Everything else would let a
 * client reach the cluster's own services through the gateway.
 */
export class AddressPolicy {
  readonly #nonPublic = new BlockList();
  readonly #allowed = new BlockList();

  constructor(allowed: readonly Cidr[] = []) {
    for (const [address, prefix, family] of NON_PUBLIC) this.#nonPublic.addSubnet(address, prefix, family);
    for (const { address, prefix, family } of allowed) this.#allowed.addSubnet(address, prefix, family);
  }

  permits(address: string): boolean {
    const family: Family = isIP(address) === 6 ? "ipv6" : "ipv4";
    return this.#allowed.check(address, family) || !this.#nonPublic.check(address, family);
  }
}
