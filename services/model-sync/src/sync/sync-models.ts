import { Ollama } from "ollama";
import type { StateLocation, SyncConfig } from "../config/sync-config.ts";
import type { Log } from "../log.ts";
import { waitForOllama } from "../ollama/wait-for-ollama.ts";
import { ConfigMapStore } from "../state/configmap-store.ts";
import { FileStore } from "../state/file-store.ts";
import { KubeApi } from "../state/kube-api.ts";
import type { StateStore } from "../state/state-store.ts";
import { ManagedSet } from "./managed-set.ts";
import type { Outcome } from "./outcome.ts";
import { planSync, type Plan, type Step } from "./plan.ts";
import { PlanRunner } from "./plan-runner.ts";
import { takeInventory } from "./take-inventory.ts";

/** One sync: wait for Ollama, read the managed set, compare with what Ollama holds, change the difference. */
export async function syncModels(config: SyncConfig, log: Log): Promise<Outcome> {
  const version = await waitForOllama(config.ollamaHost, config.ollamaWaitMs, log);
  log(`Ollama ${version} answers at ${config.ollamaHost}; ${config.models.length} models declared`);
  const store = await openStore(config.state);
  const managed = await ManagedSet.load(store);
  log(`managed set: ${managed.current.size} models in ${store.location}`);
  const ollama = new Ollama({ host: config.ollamaHost });
  const plan = planSync(config.models, managed.current, await takeInventory(ollama, config.models));
  log(planLine(plan));
  return new PlanRunner(plan, ollama, managed, log).run();
}

async function openStore(location: StateLocation): Promise<StateStore> {
  if (location.kind === "file") return new FileStore(location.path);
  return new ConfigMapStore(await KubeApi.inCluster(location.endpoint), location.name);
}

function planLine({ steps, unchanged }: Plan): string {
  const count = (kind: Step["kind"]) => steps.filter((step) => step.kind === kind).length;
  const recreates = steps.filter((step) => step.kind === "create" && step.recreateBecause !== undefined).length;
  return `plan: pull ${count("pull")}, create ${count("create") - recreates}, re-create ${recreates}, remove ${count("remove")}, unchanged ${unchanged.length}`;
}
