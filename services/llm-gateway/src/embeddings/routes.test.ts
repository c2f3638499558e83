import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub } from "../testing/ollama-stub.ts";
import { ALICE_KEY, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";

/** The stub's vector for the `index`-th input of `length` characters. */
const stubVector = (length: number, index: number, size = 4) => Array.from({ length: size }, (_, i) => (length + index) / (i + 2));

describe("embeddings", () => {
  let gw: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    const stub = await startOllamaStub([
      { name: "nomic-embed-text", capabilities: ["embedding"], contextChars: 100 },
      { name: "llama3.2:1b", capabilities: ["completion"] },
    ]);
    gw = await startTestGateway({ stub, env: { MODEL_ALIASES: "embed=nomic-embed-text,fast=llama3.2:1b" } });
    openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: ALICE_KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
    await gw.stub.close();
  });

  it("embeds a string and an array, as floats and as base64, through the openai client", async () => {
    const single = await openai.embeddings.create({ model: "embed", input: "hello", encoding_format: "float" });
    expect(single.model).toBe("embed");
    expect(single.data).toEqual([{ object: "embedding", index: 0, embedding: stubVector(5, 0) }]);
    expect(single.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });

    // Without encoding_format the client asks for base64 and decodes it itself.
    const batch = await openai.embeddings.create({ model: "embed", input: ["one", "three"] });
    expect(batch.data.map(({ embedding }) => embedding)).toEqual([stubVector(3, 0), stubVector(5, 1)].map((v) => [...Float32Array.from(v)]));
    expect(gw.stub.embeds.at(-1)).toMatchObject({ model: "nomic-embed-text", input: ["one", "three"], truncate: false });
  });

  it("sends base64 as little-endian float32 when asked, and passes dimensions on", async () => {
    const response = await gw.request("/v1/embeddings", {
      method: "POST",
      body: JSON.stringify({ model: "embed", input: "hello", dimensions: 2, encoding_format: "base64" }),
    });
    const { data } = await response.json();
    const bytes = Buffer.from(data[0].embedding, "base64");
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)]).toEqual([...Float32Array.from(stubVector(5, 0, 2))]);
    expect(gw.stub.embeds.at(-1)?.dimensions).toBe(2);
  });

  it("refuses a model that does not embed, an input too long for the model, and token ids, naming the field", async () => {
    const notEmbedding = await openai.embeddings.create({ model: "fast", input: "hi" }).catch((e: unknown) => e);
    expect(notEmbedding).toBeInstanceOf(APIError);
    expect((notEmbedding as APIError).status).toBe(400);
    expect((notEmbedding as APIError).code).toBe("embedding_not_supported");

    const tooLong = await openai.embeddings.create({ model: "embed", input: ["ok", "x".repeat(101)] }).catch((e: unknown) => e);
    expect((tooLong as APIError).status).toBe(400);
    expect((tooLong as APIError).param).toBe("input");
    expect((tooLong as APIError).message).toContain("longer than the context of model embed");

    const tokens = await gw.request("/v1/embeddings", { method: "POST", body: JSON.stringify({ model: "embed", input: [[1, 2, 3]] }) });
    expect(tokens.status).toBe(400);
    expect((await tokens.json()).error.param).toBe("input");
  });

  it("counts the prompt tokens per user and model", async () => {
    await openai.embeddings.create({ model: "embed", input: "count me" });
    const metrics = await (await fetch(`${gw.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/llm_gateway_tokens_total\{model="embed",user="key:alice",direction="in"\} [1-9]/);
  });
});
