import { z } from "zod";
import { configKey, show } from "../config-problems";
import { strict } from "../config-fields";

/**
 * The secrets layer's part of the stack configuration: namespaces of people's own apps,
 * each with a store that reads only its folder of Vault's KV (`kv/apps/<namespace>/`).
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Names whose Vault policy would be one of people's login roles (`platform-admins`, `platform-users`). */
const RESERVED = ["admins", "users"];

export const vaultSchema = strict({
  /** Namespaces the platform makes for people's apps (kept on destroy); each reads its own secrets from Vault. */
  appNamespaces: z
    .array(
      z
        .string()
        .regex(DNS_LABEL, { error: (i) => `expected a namespace name (a DNS label: lower-case letters, digits and '-', at most 63); got ${show(i.input)}` })
        .refine((name) => !RESERVED.includes(name), { error: (i) => `${show(i.input)} is reserved for people's Vault login roles (${RESERVED.join(", ")})` }),
    )
    .default([]),
}).prefault({});

export type VaultConfig = z.output<typeof vaultSchema>;

/** Each app namespace once. */
export function vaultProblems(vault: VaultConfig): string[] {
  return vault.appNamespaces.flatMap((name, index) => {
    const first = vault.appNamespaces.indexOf(name);
    return first < index ? [`${configKey(["vault", "appNamespaces", index])}: ${show(name)} is declared twice (first as vault.appNamespaces[${first}])`] : [];
  });
}
