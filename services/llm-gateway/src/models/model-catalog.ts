import type { HostedModel, ModelFallback } from "../config/hosted-models.ts";
import type { ModelAlias } from "../config/model-aliases.ts";
import type { ModelOptions } from "../config/model-options.ts";
import { ApiError } from "../http/api-error.ts";

/** Ollama unloads an idle model after five minutes unless told otherwise. */
const OLLAMA_DEFAULT_KEEP_ALIVE = "5m";

/** A model as the gateway serves it. */
export interface ServedModel {
  /** The name clients use. */
  readonly id: string;
  /** The Ollama model behind it. */
  readonly upstream: string;
  /** Sent to Ollama as `options.num_ctx` when configured; Ollama's default applies otherwise. */
  readonly numCtx: number | undefined;
  /** The context window conversation history is trimmed to. */
  readonly contextTokens: number;
  /** Sent to Ollama as `keep_alive` when configured. */
  readonly keepAlive: string | number | undefined;
  /** How long Ollama keeps the model loaded after use, configured or default. */
  readonly effectiveKeepAlive: string | number;
  /** Set when an OpenAI-compatible server, not Ollama, serves the model; `upstream` is its name there. */
  readonly hosted?: HostedModel | undefined;
  /** The model that answers instead when this one's server is down or its queue is full. */
  readonly fallback?: string | undefined;
}

/** The models the gateway serves; anything else is refused before it reaches Ollama. */
export class ModelCatalog {
  readonly #byName = new Map<string, ServedModel>();
  readonly models: readonly ServedModel[];

  constructor(
    aliases: readonly ModelAlias[],
    options: readonly ModelOptions[],
    defaultNumCtx: number,
    hosted: readonly HostedModel[] = [],
    fallbacks: readonly ModelFallback[] = [],
  ) {
    const fallbackOf = (name: string) => fallbacks.find((entry) => entry.name === name)?.fallback;
    const local = aliases.map(({ alias, upstream }): ServedModel => {
      const configured = options.find(({ name }) => name === alias) ?? options.find(({ name }) => name === upstream);
      return {
        id: alias,
        upstream,
        numCtx: configured?.numCtx,
        contextTokens: configured?.numCtx ?? defaultNumCtx,
        keepAlive: configured?.keepAlive,
        effectiveKeepAlive: configured?.keepAlive ?? OLLAMA_DEFAULT_KEEP_ALIVE,
        fallback: fallbackOf(alias),
      };
    });
    const remote = hosted.map(
      (model): ServedModel => ({
        id: model.name,
        upstream: model.model,
        numCtx: undefined,
        contextTokens: defaultNumCtx,
        keepAlive: undefined,
        effectiveKeepAlive: OLLAMA_DEFAULT_KEEP_ALIVE,
        hosted: model,
        fallback: fallbackOf(model.name),
      }),
    );
    this.models = [...local, ...remote];
    for (const model of local) {
      this.#byName.set(model.id, model);
      if (!this.#byName.has(model.upstream)) this.#byName.set(model.upstream, model);
    }
    // Hosted models answer to their own name only: their name at the server may be an Ollama model's too.
    for (const model of remote) this.#byName.set(model.id, model);
  }

  /** Finds a model by alias or by its Ollama name, or fails with a 404 that lists what is served. */
  resolve(name: string): ServedModel {
    const model = this.#byName.get(name);
    if (model) return model;
    const served = this.models.map(({ id }) => id).join(", ") || "none (MODEL_ALIASES is empty)";
    return notServed(name, served);
  }
}

function notServed(name: string, served: string): never {
  throw new ApiError(404, `model "${name}" is not served by this gateway; served models: ${served}`, {
    param: "model",
    code: "model_not_found",
  });
}
