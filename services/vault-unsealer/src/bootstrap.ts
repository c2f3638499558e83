import type { Log } from "./log.ts";
import { CONFIG_ROLE, configPolicy } from "./platform-config.ts";
import { vault, type VaultEndpoint } from "./vault-api.ts";

export interface BootstrapTarget {
  /** Namespace of Vault, where the configuration Job runs. */
  readonly namespace: string;
  /** ServiceAccount of the configuration Job. */
  readonly configServiceAccount: string;
}

/** Where Vault checks Kubernetes tokens: its own pod's API server, with its own service account. */
const KUBERNETES_HOST = "https://kubernetes.default.svc";

/**
 * With the root token, once per unsealer start: Kubernetes auth, and a role for the
 * configuration Job with a policy limited to what the platform manages. From then on the
 * configuration logs in as that Job; the root token stays in the recovery Secret for people.
 * Idempotent: writes the same values each time.
 */
export async function bootstrap(endpoint: VaultEndpoint, rootToken: string, target: BootstrapTarget, log: Log): Promise<void> {
  const call = (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => vault(endpoint, method, path, { token: rootToken, body });
  const auths = (await call("GET", "sys/auth")) as { data?: Record<string, unknown> };
  if (!auths.data?.["kubernetes/"]) await call("POST", "sys/auth/kubernetes", { type: "kubernetes" });
  await call("POST", "auth/kubernetes/config", { kubernetes_host: KUBERNETES_HOST });
  await call("PUT", `sys/policies/acl/${CONFIG_ROLE}`, { policy: configPolicy() });
  await call("POST", `auth/kubernetes/role/${CONFIG_ROLE}`, {
    bound_service_account_names: [target.configServiceAccount],
    bound_service_account_namespaces: [target.namespace],
    token_policies: [CONFIG_ROLE],
    token_ttl: "15m",
  });
  log(`Kubernetes auth and the ${CONFIG_ROLE} role for ${target.namespace}/${target.configServiceAccount} are in place`);
}
