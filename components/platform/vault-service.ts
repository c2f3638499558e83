import type * as k8s from "@pulumi/kubernetes";
import { bundleContainer, bundleVolume } from "../lib/bundle-container";
import type { SizingProfile } from "../lib/capabilities";
import type { ServiceBundle } from "../lib/service-bundle";
import { resources } from "../lib/sizing";

/** The service that runs both the unsealer and the configuration Job (`services/vault-unsealer`). */
export const VAULT_SERVICE = "vault-unsealer";
/** Where the platform CA is mounted: it signed Vault's listener certificate. */
const CA_DIR = "/etc/platform-ca";

/** The container of either entry of the service: the bundle on the Node image, restricted, with the platform CA. */
export function vaultServiceContainer(
  entry: "unseal" | "configure",
  bundle: ServiceBundle,
  env: readonly { name: string; value: string }[],
  sizing: SizingProfile,
  extraMounts: readonly k8s.types.input.core.v1.VolumeMount[] = [],
): k8s.types.input.core.v1.Container {
  return bundleContainer({
    name: entry,
    bundle,
    args: [entry],
    env: [...env, { name: "VAULT_CA_FILE", value: `${CA_DIR}/ca.crt` }],
    volumeMounts: [{ name: "platform-ca", mountPath: CA_DIR, readOnly: true }, ...extraMounts],
    resources: resources(sizing, "tiny"),
  });
}

/** The volumes the container mounts: its code and the CA. */
export function vaultServiceVolumes(bundleConfigMap: string): k8s.types.input.core.v1.Volume[] {
  return [
    bundleVolume(bundleConfigMap),
    { name: "platform-ca", configMap: { name: "platform-ca" } },
  ];
}
