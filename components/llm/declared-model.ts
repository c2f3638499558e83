/**
 * A model as the stack file declares it (`homelab:models`): what model-sync makes Ollama
 * hold and what the gateway serves.
 */
export interface DeclaredModel {
  /** An Ollama model reference (`qwen3:8b`), or the name of a custom model. */
  readonly name: string;
  /** A short name the gateway also serves the model under (`fast`). @default none */
  readonly alias?: string;
  /** Context window in tokens, sent with every request. @default Ollama's */
  readonly numCtx?: number;
  /** How long the model stays loaded after a request (`5m`, `-1`). @default Ollama's */
  readonly keepAlive?: string;
  /** `embedding` for a model that serves `/v1/embeddings` (Open WebUI's document search uses the first). @default chat */
  readonly kind?: "chat" | "embedding";
  /** The model (a name, alias or hosted model) that answers when Ollama is down or full. @default none */
  readonly fallback?: string;
  /** Base model of a custom model. @default none: the model is pulled */
  readonly from?: string;
  /** System prompt of a custom model. @default none */
  readonly system?: string;
  /** Modelfile parameters of a custom model (`temperature`, `stop`). @default none */
  readonly parameters?: Readonly<Record<string, number | string | readonly string[]>>;
}

/** The model Open WebUI's document search embeds with: the first embedding model, by its alias when it has one. */
export function ragEmbeddingModel(models: readonly DeclaredModel[]): string | undefined {
  const embedding = models.find((m) => m.kind === "embedding");
  return embedding && (embedding.alias ?? embedding.name);
}
