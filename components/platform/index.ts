/**
 * The platform layer's surface: what the stack and the layers above may use. Everything else
 * in this folder is the layer's own business.
 */
export { SECRETS_CHARTS } from "./vault-charts";
export { type VaultRecovery, VaultSecrets, type VaultSecretsArgs } from "./vault-secrets";
