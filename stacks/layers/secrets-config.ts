import { z } from "zod";
import { configKey, show } from "../config-problems";
import { strict } from "../config-fields";
import { PLATFORM_NAMESPACES } from "./platform-namespaces";

/**
 * The secrets layer's part of the stack configuration: how credentials travel from Vault to
 * their namespaces, and namespaces of people's own apps, each with a Vault role that reads
 * only its folder of Vault's KV (`kv/apps/<namespace>/`).
 */

/** The ways from Vault to a namespace: ESO's ExternalSecrets, or the Secrets Store CSI driver with Vault's provider. */
export const VAULT_DELIVERIES = ["external-secrets", "csi"] as const;
export type VaultDeliveryKind = (typeof VAULT_DELIVERIES)[number];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Names whose Vault policy would be one of people's login roles (`platform-admins`, `platform-users`). */
const RESERVED = ["admins", "users"];
/** Namespaces every cluster has: the platform would fail to create them, and their pods are not people's apps. */
const CLUSTER_OWN = ["default", "kube-system", "kube-public", "kube-node-lease"];

export const vaultSchema = strict({
  /** How credentials reach their namespaces: `external-secrets` (an ExternalSecret each) or `csi` (a SecretProviderClass each, synced to a Secret). */
  delivery: z
    .enum(VAULT_DELIVERIES, { error: (i) => `expected one of ${VAULT_DELIVERIES.join(", ")}; got ${show(i.input)}` })
    .default("external-secrets"),
  /** Namespaces the platform makes for people's apps (kept on destroy); each reads its own secrets from Vault. */
  appNamespaces: z
    .array(
      z
        .string()
        .regex(DNS_LABEL, { error: (i) => `expected a namespace name (a DNS label: lower-case letters, digits and '-', at most 63); got ${show(i.input)}` })
        .refine((name) => !RESERVED.includes(name), { error: (i) => `${show(i.input)} is reserved for people's Vault login roles (${RESERVED.join(", ")})` })
        .refine((name) => !CLUSTER_OWN.includes(name), { error: (i) => `${show(i.input)} is a namespace of Kubernetes itself (${CLUSTER_OWN.join(", ")}); choose a namespace for the app` })
        .refine((name) => !PLATFORM_NAMESPACES.includes(name), {
          error: (i) => `${show(i.input)} is a namespace of the platform (${PLATFORM_NAMESPACES.join(", ")}); choose a namespace for the app`,
        }),
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
