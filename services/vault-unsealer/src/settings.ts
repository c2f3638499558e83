import type { KubeApi } from "./kube-secret.ts";

/** The pod's environment, as the Deployment or the Job sets it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where Kubernetes mounts a pod's service-account token, CA bundle and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The environment is unusable; every problem is listed, each naming its variable. */
export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(readonly problems: readonly string[]) {
    super(`vault-unsealer settings: ${problems.join("; ")}`);
  }
}

export interface CommonSettings {
  /** Each Vault pod's API, the first being where a new Vault starts. */
  readonly vaultAddresses: readonly string[];
  /** File holding the CA of Vault's listener certificate. */
  readonly vaultCaFile: string;
  /** Vault's namespace, where the recovery Secret and the configuration Job live. */
  readonly namespace: string;
  readonly serviceAccountDir: string;
}

export interface UnsealerSettings extends CommonSettings {
  readonly recoverySecret: string;
  readonly configServiceAccount: string;
  readonly intervalSeconds: number;
  readonly api: KubeApi;
}

export interface ConfigureSettings extends CommonSettings {
  /** File with the desired configuration (JSON), mounted from a Secret since it holds credentials. */
  readonly desiredFile: string;
  /**
   * The OIDC issuer may not answer yet (a first install, before the realm exists): a login
   * Vault cannot configure is left for a later run instead of failing this one.
   */
  readonly issuerMayBeDown: boolean;
}

export function readUnsealerSettings(env: Env): UnsealerSettings {
  const problems: string[] = [];
  const common = readCommon(env, problems);
  const settings = {
    ...common,
    recoverySecret: required(env, "RECOVERY_SECRET", problems),
    configServiceAccount: required(env, "CONFIG_SERVICE_ACCOUNT", problems),
    intervalSeconds: positiveInteger(env, "INTERVAL_SECONDS", 10, problems),
    api: {
      host: required(env, "KUBERNETES_SERVICE_HOST", problems),
      port: positiveInteger(env, "KUBERNETES_SERVICE_PORT", 443, problems),
      serviceAccountDir: common.serviceAccountDir,
    },
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

export function readConfigureSettings(env: Env): ConfigureSettings {
  const problems: string[] = [];
  const mayBeDown = env.OIDC_ISSUER_MAY_BE_DOWN ?? "false";
  if (mayBeDown !== "true" && mayBeDown !== "false") problems.push(`OIDC_ISSUER_MAY_BE_DOWN: expected true or false; got ${JSON.stringify(mayBeDown)}`);
  const settings = { ...readCommon(env, problems), desiredFile: required(env, "DESIRED_CONFIG_FILE", problems), issuerMayBeDown: mayBeDown === "true" };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

function readCommon(env: Env, problems: string[]): CommonSettings {
  const addresses = required(env, "VAULT_ADDRESSES", problems).split(",").filter(Boolean);
  for (const address of addresses) {
    if (!/^https?:\/\/[^/]+$/.test(address)) problems.push(`VAULT_ADDRESSES: expected http(s)://host:port, comma-separated; got ${JSON.stringify(address)}`);
  }
  return {
    vaultAddresses: addresses,
    vaultCaFile: required(env, "VAULT_CA_FILE", problems),
    namespace: required(env, "NAMESPACE", problems),
    serviceAccountDir: env.SERVICE_ACCOUNT_DIR || SERVICE_ACCOUNT_DIR,
  };
}

function required(env: Env, name: string, problems: string[]): string {
  const value = env[name];
  if (!value) problems.push(`${name}: required`);
  return value ?? "";
}

function positiveInteger(env: Env, name: string, fallback: number, problems: string[]): number {
  const value = env[name];
  if (value === undefined || value === "") return fallback;
  if (!/^[1-9]\d*$/.test(value)) problems.push(`${name}: expected a whole number of 1 or more; got ${JSON.stringify(value)}`);
  return Number(value);
}
