import { Hono } from "hono";
import { requireCapability } from "../generation/capability.ts";
import { onClientGone } from "../http/client-gone.ts";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { ModelCatalog } from "../models/model-catalog.ts";
import type { CapabilityCache } from "../ollama/capability-cache.ts";
import { parseBody } from "../validation/parse-body.ts";
import type { Embedder } from "./embedder.ts";
import { embeddingRequestSchema } from "./schemas.ts";

export interface EmbeddingRouteDeps {
  readonly catalog: ModelCatalog;
  readonly capabilities: CapabilityCache;
  readonly ollamaHost: string;
  readonly embedder: Embedder;
}

/** A vector as OpenAI's `base64` format sends it: little-endian float32, which is every platform Node runs the gateway on. */
function base64Vector(vector: readonly number[]): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString("base64");
}

/** OpenAI's embeddings endpoint, through Ollama's embed API. */
export function embeddingRoutes(deps: EmbeddingRouteDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();

  routes.post("/", async (c) => {
    const body = await parseBody(c, embeddingRequestSchema);
    const model = deps.catalog.resolve(body.model);
    await requireCapability(
      model,
      { capability: "embedding", param: "model", remedy: "choose an embedding model such as nomic-embed-text" },
      deps.capabilities,
      deps.ollamaHost,
    );
    const input = typeof body.input === "string" ? [body.input] : body.input;
    const gone = new AbortController();
    onClientGone(c, () => gone.abort());
    const { vectors, promptTokens } = await deps.embedder.embed(c.get("principal"), model, input, body.dimensions ?? undefined, gone.signal);
    const encode = body.encoding_format === "base64" ? base64Vector : (vector: number[]) => vector;
    return c.json({
      object: "list",
      data: vectors.map((vector, index) => ({ object: "embedding", index, embedding: encode(vector) })),
      model: model.id,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  });

  return routes;
}
