import { readConfig } from "./config.ts";
import { KeycloakAdmin, KeycloakError } from "./keycloak-admin.ts";
import type { Log } from "./log.ts";
import { syncRealm } from "./sync-realm.ts";

/** Waits between login attempts while Keycloak starts. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * Logs in (trying again while Keycloak does not answer or answers 5xx, up to the deadline),
 * then syncs the realm once. Returns the exit code.
 */
export async function run(env: NodeJS.ProcessEnv, log: Log, clock: Clock = realClock): Promise<number> {
  try {
    const config = readConfig(env);
    const admin = await loginWhenUp(config.login, config.deadlineSeconds, log, clock);
    const changes = await syncRealm(admin, config.realm, config.secrets);
    for (const change of changes) log(change);
    log(changes.length === 0 ? `realm ${config.realm.realm}: already as declared` : `realm ${config.realm.realm}: ${changes.length} changes`);
    return 0;
  } catch (error) {
    log(`failed: ${(error as Error).message}`);
    return 1;
  }
}

async function loginWhenUp(login: Parameters<typeof KeycloakAdmin.login>[0], deadlineSeconds: number, log: Log, clock: Clock): Promise<KeycloakAdmin> {
  const deadline = clock.now() + deadlineSeconds * 1000;
  for (;;) {
    try {
      return await KeycloakAdmin.login(login);
    } catch (error) {
      const passing = !(error instanceof KeycloakError) || error.status >= 500;
      if (!passing || clock.now() >= deadline) throw error;
      log(`Keycloak at ${login.url} does not answer yet (${(error as Error).message}); trying again`);
      await clock.sleep(2000);
    }
  }
}
