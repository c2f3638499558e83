import type { Ollama } from "ollama";
import type { DeclaredModel } from "../config/declared-model.ts";
import { modelKey } from "../models/model-name.ts";
import type { Inventory } from "./plan.ts";

/** Lists what Ollama holds, and the system prompt of each present custom model that declares one. */
export async function takeInventory(ollama: Ollama, declared: readonly DeclaredModel[]): Promise<Inventory> {
  const { models } = await ollama.list();
  const present = new Set(models.map((model) => modelKey(model.name)));
  const systemPrompts = new Map<string, string>();
  for (const model of declared) {
    const key = modelKey(model.name);
    if (model.kind !== "custom" || model.system === undefined || !present.has(key)) continue;
    systemPrompts.set(key, (await ollama.show({ model: model.name })).system ?? "");
  }
  return { present, systemPrompts };
}
