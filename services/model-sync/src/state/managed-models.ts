import * as z from "zod";

/** A model this sync pulled or created, and so may delete once it is no longer declared. */
export interface ManagedModel {
  /** As it was declared or named as a base, so logs and deletes use that spelling. */
  readonly name: string;
  /** The custom model's definition hash (see fingerprint.ts); absent for a pulled model. */
  readonly fingerprint?: string;
}

/** The managed set, keyed by `modelKey`. Models absent from it were put there by someone else. */
export type ManagedModels = ReadonlyMap<string, ManagedModel>;

/** Where the set sits in a ConfigMap's `data`, or in the whole file of a file store. */
export const MANAGED_MODELS_KEY = "managed-models.json";

const FORMAT_VERSION = 1;

const storedSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  models: z.record(z.string(), z.object({ name: z.string().min(1), fingerprint: z.string().optional() })),
});

/** Thrown when the managed set cannot be read or written; the sync stops rather than guess. */
export class StateError extends Error {
  override name = "StateError";
}

export function serializeManagedModels(models: ManagedModels): string {
  const sorted = Object.fromEntries([...models].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: FORMAT_VERSION, models: sorted }, null, 2)}\n`;
}

/**
 * Reads a stored set. Anything else is an error, not an empty set: forgetting the set would
 * quietly stop removing models the sync made.
 */
export function parseManagedModels(text: string, where: string): Map<string, ManagedModel> {
  let stored: z.output<typeof storedSchema>;
  try {
    stored = storedSchema.parse(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof z.ZodError ? z.prettifyError(error).replaceAll("\n", " ") : (error as Error).message;
    throw new StateError(
      `${where} does not hold a managed set of format version ${FORMAT_VERSION} (${reason}); ` +
        "remove it to start afresh: models pulled before are then left alone and custom models are re-created once",
    );
  }
  return new Map(Object.entries(stored.models).map(([key, model]) => [key, withoutUndefined(model)]));
}

function withoutUndefined(model: { name: string; fingerprint?: string | undefined }): ManagedModel {
  return model.fingerprint === undefined ? { name: model.name } : { name: model.name, fingerprint: model.fingerprint };
}
