/** The platform layer's surface: what the stack and the layers above may use. */
export { SSO_CHARTS } from "./sso-charts";
export { SSO_GROUPS, SSO_REALM, type Person, type SsoGroup } from "./keycloak-realm";
export { Sso, SSO_NAMESPACE, type SsoArgs } from "./sso";
export type { SsoClient, SsoClientRequest, SsoClients } from "./sso-clients";
