/**
 * Every namespace the platform's layers make, on any stack. An app namespace
 * (`vault.appNamespaces`) must not take one of these names: the platform would
 * make the namespace twice, and the app's Vault role would read the platform's
 * credentials there. `render/platform-namespaces.test.ts` keeps the list equal
 * to the namespaces the renders make.
 */
export const PLATFORM_NAMESPACES: readonly string[] = [
  "arangodb",
  "cert-manager",
  "cnpg-system",
  "databases",
  "dns",
  "elastic-system",
  "external-secrets",
  "gpu-operator",
  "k8up",
  "kafka",
  "kafka-ui",
  "keda",
  "keycloak",
  "llm-gateway",
  "local-path-shared",
  "local-path-storage",
  "metallb-system",
  "minio-operator",
  "monitoring",
  "nfs-provisioner",
  "nvidia-device-plugin",
  "object-storage",
  "ollama",
  "open-webui",
  "piraeus-datastore",
  "reloader",
  "secrets-store-csi",
  "sso-proxy",
  "strimzi",
  "traefik",
  "vault",
];
