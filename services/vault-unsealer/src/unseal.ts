import { NoAnswer } from "./http-json.ts";
import type { RecoveryMaterial, RecoverySecret } from "./kube-secret.ts";
import type { Log } from "./log.ts";
import { initialise, type SealStatus, sealStatus, unsealWith, type VaultEndpoint } from "./vault-api.ts";

/** What one pass did, for the caller (the bootstrap runs after a first initialisation). */
export interface PassResult {
  /** Vault was initialised in this pass: its root token was just made. */
  readonly initialised: boolean;
  /** Pods that answered and are unsealed at the end of the pass. */
  readonly unsealed: readonly string[];
}

/**
 * One look at every Vault pod. The first pod is where a new Vault starts: when it says it
 * is not initialised and no recovery material exists, it is initialised and the material
 * stored before anything else. Every pod that reports sealed is then unsealed with the
 * stored keys; with Raft `retry_join`, that is also how a new follower joins.
 */
export async function unsealPass(pods: readonly VaultEndpoint[], secret: RecoverySecret, log: Log): Promise<PassResult> {
  const statuses = await Promise.all(pods.map((pod) => statusOrNothing(pod, log)));
  let material = await secret.read();
  let initialised = false;
  const first = statuses[0];
  if (first && !first.initialized) {
    if (material) {
      throw new Error(
        `${pods[0]!.address} is not initialised, but the recovery Secret holds the keys of a Vault made before: its storage was lost or replaced. ` +
          "Refusing to initialise a new Vault over them; move the Secret aside to start afresh.",
      );
    }
    const answer = await initialise(pods[0]!);
    material = { unsealKeys: answer.keys_base64, rootToken: answer.root_token };
    await secret.create(material);
    initialised = true;
    log(`initialised Vault at ${pods[0]!.address}; the recovery material is stored`);
    statuses[0] = { ...first, initialized: true };
  }
  const unsealed: string[] = [];
  for (const [index, pod] of pods.entries()) {
    const status = statuses[index];
    if (!status) continue;
    if (!status.sealed) {
      unsealed.push(pod.address);
      continue;
    }
    if (!material) {
      log(`${pod.address} is sealed; waiting for ${pods[0]!.address} to be initialised first`);
      continue;
    }
    if (await unseal(pod, material, log)) unsealed.push(pod.address);
  }
  return { initialised, unsealed };
}

async function unseal(pod: VaultEndpoint, material: RecoveryMaterial, log: Log): Promise<boolean> {
  for (const key of material.unsealKeys) {
    const status = await unsealWith(pod, key);
    if (!status.sealed) {
      log(`unsealed ${pod.address}`);
      return true;
    }
  }
  log(`${pod.address} is still sealed after every stored key (it wants ${(await sealStatus(pod)).t}); its keys differ from the stored ones`);
  return false;
}

/** A pod that does not answer (starting, rescheduled) is looked at again on the next pass. */
async function statusOrNothing(pod: VaultEndpoint, log: Log): Promise<SealStatus | undefined> {
  try {
    return await sealStatus(pod);
  } catch (error) {
    if (!(error instanceof NoAnswer)) throw error;
    log(`${pod.address} does not answer yet (${error.message})`);
    return undefined;
  }
}
