import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Env } from "../config/sync-config.ts";
import { run } from "../run.ts";
import { MANAGED_MODELS_KEY, type ManagedModel } from "../state/managed-models.ts";
import { FakeKube, type FakeKubeOptions } from "./fake-kube.ts";
import { FakeOllama } from "./fake-ollama.ts";
import { makeTempDir, type TempDir } from "./temp-dir.ts";

export const STATE_CONFIGMAP = "model-sync-state";

export interface RunResult {
  readonly code: number;
  readonly lines: readonly string[];
  readonly terminationMessage: string;
}

/** A fake Ollama, a fake Kubernetes API and a place for the termination message: a pod's surroundings. */
export class SyncHarness {
  private constructor(
    readonly ollama: FakeOllama,
    readonly kube: FakeKube,
    private readonly dir: TempDir,
  ) {}

  static async start(kubeOptions: FakeKubeOptions = {}): Promise<SyncHarness> {
    const [ollama, kube, dir] = await Promise.all([FakeOllama.start(), FakeKube.start(kubeOptions), makeTempDir("model-sync")]);
    return new SyncHarness(ollama, kube, dir);
  }

  get terminationLog(): string {
    return join(this.dir.path, "termination-log");
  }

  /** The environment the platform gives the Job, pointed at the fakes. */
  env(models: unknown, overrides: Env = {}): Env {
    return {
      OLLAMA_HOST: this.ollama.url,
      MODELS: JSON.stringify(models),
      STATE_CONFIGMAP,
      TERMINATION_LOG: this.terminationLog,
      ...this.kube.podEnv(),
      ...overrides,
    };
  }

  /** Runs the sync in this process, as the bundle's entry point does. */
  async run(models: unknown, overrides: Env = {}): Promise<RunResult> {
    const lines: string[] = [];
    const code = await run(this.env(models, overrides), (line) => lines.push(line));
    return { code, lines, terminationMessage: await this.readTerminationMessage() };
  }

  async readTerminationMessage(): Promise<string> {
    return readFile(this.terminationLog, "utf8").catch(() => "");
  }

  /** The managed set as the ConfigMap holds it. */
  managedSet(): Record<string, ManagedModel> {
    const text = this.kube.configMaps.get(STATE_CONFIGMAP)?.data?.[MANAGED_MODELS_KEY];
    return text === undefined ? {} : (JSON.parse(text) as { models: Record<string, ManagedModel> }).models;
  }

  async close(): Promise<void> {
    await Promise.all([this.ollama.close(), this.kube.close(), this.dir.remove()]);
  }
}
