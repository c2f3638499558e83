import { z } from "zod";
import { SSO_GROUPS } from "../../components/platform";
import { configKey, show } from "../config-problems";
import { strict } from "../config-fields";

/**
 * The sso layer's part of the stack configuration: the people of the realm. Their first
 * passwords are generated (secret stack outputs); Keycloak makes them choose their own.
 */

const USERNAME = /^[a-z][a-z0-9._-]{0,63}$/;

const personSchema = strict({
  /** Login name. */
  username: z.string().regex(USERNAME, { error: (i) => `expected a user name of lower-case letters, digits, '.', '_' and '-'; got ${show(i.input)}` }),
  /** Where Keycloak writes to; the UIs show it. */
  email: z.email({ error: (i) => `expected an email address; got ${show(i.input)}` }),
  /** Shown in the UIs. */
  name: z.string().min(1).optional(),
  /** Groups of the realm: `admins` administer the platform's UIs, `users` use them. */
  groups: z
    .array(z.enum(SSO_GROUPS, { error: (i) => `expected one of ${SSO_GROUPS.join(", ")}; got ${show(i.input)}` }))
    .min(1)
    .default(["users"]),
});

export const ssoSchema = strict({
  /** The people of the realm `homelab`. */
  people: z.array(personSchema).default([]),
}).prefault({});

export type SsoConfig = z.output<typeof ssoSchema>;

/** Usernames and emails identify a person: each once. */
export function ssoProblems(sso: SsoConfig): string[] {
  const problems: string[] = [];
  for (const field of ["username", "email"] as const) {
    const seen = new Map<string, number>();
    sso.people.forEach((person, index) => {
      const value = person[field].toLowerCase();
      const first = seen.get(value);
      if (first !== undefined) problems.push(`${configKey(["sso", "people", index, field])}: ${show(person[field])} is declared twice (first as sso.people[${first}])`);
      else seen.set(value, index);
    });
  }
  return problems;
}

/** What the certificate check reads: the switches and the system layer's TLS keys. */
export interface SsoCertificateChecked {
  readonly features: Readonly<Record<string, boolean>>;
  readonly tls: { readonly acme?: { readonly server: string } | undefined };
}

/**
 * The realm's clients (Vault, Grafana, the proxies, the UIs) fetch the issuer's keys at
 * `https://auth.<domain>`: its certificate must be one they trust. Let's Encrypt's staging
 * certificates are trusted by nobody.
 */
export function ssoCertificateProblems(config: SsoCertificateChecked): string[] {
  if (!config.features.sso || config.tls.acme?.server !== "staging") return [];
  return [
    `${configKey(["tls", "acme", "server"])}: "staging" certificates are trusted by no client, so the apps that log people in could not reach the issuer at auth.<domain>; use production, or turn features.sso off while trying staging`,
  ];
}
