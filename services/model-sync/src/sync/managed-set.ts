import type { ManagedModel, ManagedModels } from "../state/managed-models.ts";
import type { StateStore } from "../state/state-store.ts";

/** The managed set during a run: every change is saved at once, so a run cut short loses nothing it did. */
export class ManagedSet {
  private constructor(
    private readonly store: StateStore,
    private readonly models: Map<string, ManagedModel>,
  ) {}

  static async load(store: StateStore): Promise<ManagedSet> {
    return new ManagedSet(store, new Map(await store.load()));
  }

  get current(): ManagedModels {
    return this.models;
  }

  async record(key: string, model: ManagedModel): Promise<void> {
    this.models.set(key, model);
    await this.store.save(this.models);
  }

  async drop(key: string): Promise<void> {
    if (this.models.delete(key)) await this.store.save(this.models);
  }
}
