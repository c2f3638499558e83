import { z } from "zod";
import { parseIpv4, parseIpv4Range } from "../components/lib/ipv4";
import { show } from "./config-problems";

/** Field types shared by every part of the stack configuration schema. */

const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DNS name with at least two labels: every UI lives at `https://<name>.<domain>`. */
export function isDomain(text: string): boolean {
  const labels = text.split(".");
  return text.length <= 253 && labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l));
}

/** `strictObject` whose unknown-key message lists the keys that are known. */
export function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `unknown key; known keys here: ${known}` : undefined),
  });
}

export const ipv4 = z.string().refine((s) => parseIpv4(s) !== undefined, {
  error: (issue) => `expected an IPv4 address (a.b.c.d); got ${show(issue.input)}`,
});

export const ipv4Range = z.string().refine((s) => parseIpv4Range(s) !== undefined, {
  error: (issue) =>
    `expected an IPv4 range (a.b.c.d-e.f.g.h) or aligned CIDR (a.b.c.d/n); got ${show(issue.input)}`,
});

export const name = z.string().regex(DOMAIN_LABEL, {
  error: (issue) => `expected a lower-case name of letters, digits and '-'; got ${show(issue.input)}`,
});
