import { readFile, rename, writeFile } from "node:fs/promises";
import { parseManagedModels, serializeManagedModels, StateError, type ManagedModels } from "./managed-models.ts";
import type { StateStore } from "./state-store.ts";

/** Keeps the managed set in a local file, for running the sync by hand against a local Ollama. */
export class FileStore implements StateStore {
  readonly location: string;

  constructor(private readonly path: string) {
    this.location = `file ${path}`;
  }

  async load(): Promise<ManagedModels> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
      throw new StateError(`cannot read ${this.location}: ${(error as Error).message}`);
    }
    return parseManagedModels(text, this.location);
  }

  /** Written beside and renamed over, so an interrupted run never leaves half a file. */
  async save(models: ManagedModels): Promise<void> {
    const partial = `${this.path}.partial`;
    try {
      await writeFile(partial, serializeManagedModels(models));
      await rename(partial, this.path);
    } catch (error) {
      throw new StateError(`cannot write ${this.location}: ${(error as Error).message}`);
    }
  }
}
