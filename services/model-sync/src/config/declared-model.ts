/** A Modelfile parameter value as Ollama's create API takes it (`stop` is the list one). */
export type ParameterValue = number | string | readonly string[];

/** A model Ollama downloads by name from its registry. */
export interface PulledModel {
  readonly kind: "pulled";
  readonly name: string;
}

/** A model Ollama builds from a base model with its own system prompt and parameters. */
export interface CustomModel {
  readonly kind: "custom";
  readonly name: string;
  readonly from: string;
  /** Absent: the base's prompt is kept; empty: the base's prompt is removed. */
  readonly system?: string;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
}

/**
 * One entry of the stack's model list, reduced to what decides the model's files.
 * `numCtx` and `keepAlive` are the gateway's request options and never reach here.
 */
export type DeclaredModel = PulledModel | CustomModel;
