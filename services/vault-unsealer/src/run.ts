import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { applyConfig } from "./apply-config.ts";
import { bootstrap } from "./bootstrap.ts";
import { RecoverySecret } from "./kube-secret.ts";
import type { Log } from "./log.ts";
import { CONFIG_ROLE, type DesiredConfig } from "./platform-config.ts";
import { type Env, readConfigureSettings, readUnsealerSettings, SettingsError } from "./settings.ts";
import { unsealPass } from "./unseal.ts";
import { vault, type VaultEndpoint } from "./vault-api.ts";

export const EXIT_DONE = 0;
export const EXIT_FAILED = 1;
export const EXIT_MISCONFIGURED = 2;

/**
 * The unsealer's loop: a pass every interval for as long as the pod lives, until `stop`
 * says so (a test; in the pod, never). A failed pass is logged and tried again, since the
 * next look at Vault may find it answering; the bootstrap runs after the first pass that
 * finds the first pod unsealed.
 */
export async function runUnsealer(env: Env, log: Log, stop: () => boolean = () => false): Promise<number> {
  let settings;
  try {
    settings = readUnsealerSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return misconfigured(error, log);
    throw error;
  }
  const ca = await readFile(settings.vaultCaFile, "utf8");
  const pods: VaultEndpoint[] = settings.vaultAddresses.map((address) => ({ address, ca }));
  const secret = new RecoverySecret(settings.api, settings.namespace, settings.recoverySecret);
  let bootstrapped = false;
  while (!stop()) {
    try {
      const pass = await unsealPass(pods, secret, log);
      if (!bootstrapped && pass.unsealed.includes(pods[0]!.address)) {
        const material = (await secret.read())!;
        await bootstrap(pods[0]!, material.rootToken, { namespace: settings.namespace, configServiceAccount: settings.configServiceAccount }, log);
        bootstrapped = true;
      }
    } catch (error) {
      log(`pass failed, trying again in ${settings.intervalSeconds} s: ${(error as Error).message}`);
    }
    if (!stop()) await new Promise((resolve) => setTimeout(resolve, settings.intervalSeconds * 1000));
  }
  return EXIT_DONE;
}

/**
 * The configuration Job: logs in with its own service account (Kubernetes auth, role
 * `homelab-config`) and applies the desired configuration once; a failure fails the Job,
 * and with it `pulumi up`, naming what Vault refused.
 */
export async function runConfigure(env: Env, log: Log): Promise<number> {
  try {
    const settings = readConfigureSettings(env);
    const [ca, jwt, desiredText] = await Promise.all([
      readFile(settings.vaultCaFile, "utf8"),
      readFile(join(settings.serviceAccountDir, "token"), "utf8"),
      readFile(settings.desiredFile, "utf8"),
    ]);
    const desired = JSON.parse(desiredText) as DesiredConfig;
    // Any pod answers: a standby forwards writes to the active one.
    const endpoint: VaultEndpoint = { address: settings.vaultAddresses[0]!, ca };
    const login = (await vault(endpoint, "POST", "auth/kubernetes/login", { body: { role: CONFIG_ROLE, jwt: jwt.trim() } })) as { auth: { client_token: string } };
    const changes = await applyConfig(endpoint, login.auth.client_token, desired, log, { issuerMayBeDown: settings.issuerMayBeDown });
    log(changes.length === 0 ? "Vault already holds the declared configuration" : `applied ${changes.length} changes`);
    return EXIT_DONE;
  } catch (error) {
    if (error instanceof SettingsError) return misconfigured(error, log);
    log(`failed: ${(error as Error).message}`);
    return EXIT_FAILED;
  }
}

function misconfigured(error: SettingsError, log: Log): number {
  log(error.message);
  return EXIT_MISCONFIGURED;
}
