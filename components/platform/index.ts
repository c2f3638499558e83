/**
 * The platform layer's surface: what the stack and the layers above may use. Everything
 * else in this folder is the layer's own business.
 */
export { PLATFORM_CHARTS } from "./charts";
export { MONITORING_NAMESPACE } from "./kube-prometheus-stack";
export { LOG_STORAGE, type LogStorage } from "./loki";
export { Observability, type ObservabilityArgs } from "./observability";
export { PROMETHEUS_STORAGE, type PrometheusStorage } from "./prometheus-storage";
export { SECRETS_CHARTS } from "./vault-charts";
export { type VaultRecovery, VaultSecrets, type VaultSecretsArgs, type VaultSignIn } from "./vault-secrets";
export { SSO_CHARTS } from "./sso-charts";
export { SSO_GROUPS, SSO_REALM, type Person, type SsoGroup } from "./keycloak-realm";
export { Sso, SSO_HOST, SSO_NAMESPACE, type SsoArgs } from "./sso";
export type { SsoClient, SsoClientRequest, SsoClients } from "./sso-clients";
export { FORWARD_AUTH_MIDDLEWARE, forwardAuthMiddleware } from "./forward-auth";
