import type { ManagedModels } from "./managed-models.ts";

/**
 * Keeps the managed set between Job runs. Each run loads it once and saves it after every
 * change, so a run stopped half-way still remembers what it pulled.
 */
export interface StateStore {
  /** Where the set is kept, for log lines and errors. */
  readonly location: string;
  load(): Promise<ManagedModels>;
  save(models: ManagedModels): Promise<void>;
}
