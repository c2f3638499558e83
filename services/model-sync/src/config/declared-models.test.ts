import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { parseDeclaredModels } from "./declared-models.ts";

function problemsOf(text: string | undefined): readonly string[] {
  try {
    parseDeclaredModels(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe("parseDeclaredModels", () => {
  it("splits the stack's list into pulled and custom models, dropping the gateway's request options", () => {
    const models = parseDeclaredModels(
      JSON.stringify([
        { name: "qwen3:0.6b", numCtx: 8192, keepAlive: "10m" },
        { name: "mario", from: "qwen3:0.6b", system: "You are Mario.", parameters: { temperature: 0.7, stop: ["</s>"] }, numCtx: 4096 },
        { name: "plain-custom", from: "qwen3:0.6b" },
      ]),
    );
    expect(models).toEqual([
      { kind: "pulled", name: "qwen3:0.6b" },
      { kind: "custom", name: "mario", from: "qwen3:0.6b", system: "You are Mario.", parameters: { temperature: 0.7, stop: ["</s>"] } },
      { kind: "custom", name: "plain-custom", from: "qwen3:0.6b", parameters: {} },
    ]);
  });

  it("accepts an empty list: Ollama then holds no managed model", () => {
    expect(parseDeclaredModels("[]")).toEqual([]);
  });

  it("requires the variable", () => {
    expect(problemsOf(undefined)).toEqual([expect.stringMatching(/^MODELS: required/)]);
    expect(problemsOf("  ")).toEqual([expect.stringMatching(/^MODELS: required/)]);
  });

  it("says when the text is not JSON, quoting it", () => {
    expect(problemsOf("[{name: qwen3}]")).toEqual([expect.stringMatching(/^MODELS: not valid JSON \(.+\); got "\[\{name: qwen3\}\]"$/)]);
  });

  it("names each bad field with what was given and what is allowed", () => {
    const problems = problemsOf(
      JSON.stringify([
        { name: "Qwen3 8B" },
        { name: "a", numCtx: 100, keepAlive: "soon" },
        { name: "b", from: "a", parameters: { temperature: true, stop: [1] } },
        { name: "c", numctx: 4096 },
      ]),
    );
    expect(problems).toEqual([
      'MODELS[0].name: expected an Ollama model name such as qwen3:8b; got "Qwen3 8B"',
      "MODELS[1].numCtx: expected a whole number of tokens, at least 512; got 100",
      'MODELS[1].keepAlive: expected a duration such as 5m, 1h or -1; got "soon"',
      "MODELS[2].parameters.temperature: expected a number, a string or a list of strings; got true",
      "MODELS[2].parameters.stop: expected a number, a string or a list of strings; got [1]",
      'MODELS[3]: unknown key "numctx"; allowed: name, numCtx, keepAlive, from, system, parameters',
    ]);
  });

  it("rejects a list that is not an array of objects", () => {
    expect(problemsOf('{"name":"qwen3"}')).toEqual(['MODELS: expected a JSON array of models; got {"name":"qwen3"}']);
    expect(problemsOf('["qwen3"]')).toEqual(['MODELS[0]: expected a model object such as {"name": "qwen3:8b"}; got "qwen3"']);
    expect(problemsOf("[{}]")).toEqual(["MODELS[0].name: expected an Ollama model name such as qwen3:8b; got nothing"]);
  });

  it("rejects two names Ollama would treat as one model", () => {
    expect(problemsOf(JSON.stringify([{ name: "qwen3" }, { name: "qwen3:latest" }]))).toEqual([
      'MODELS[1].name: "qwen3:latest" is declared twice (first at MODELS[0]); Ollama treats both names as one model',
    ]);
  });

  it("rejects a prompt or parameters without a base model", () => {
    expect(problemsOf(JSON.stringify([{ name: "mario", system: "You are Mario." }]))).toEqual([
      "MODELS[0].from: a model with a system prompt or parameters is a custom model and needs `from` (its base model)",
    ]);
  });

  it("rejects a custom model made from itself or from a custom model declared after it", () => {
    expect(
      problemsOf(
        JSON.stringify([
          { name: "loop", from: "loop:latest" },
          { name: "luigi", from: "mario" },
          { name: "mario", from: "qwen3:0.6b" },
        ]),
      ),
    ).toEqual([
      'MODELS[0].from: "loop:latest" is the model itself; name the model it is made from',
      'MODELS[1].from: "mario" is a custom model declared later (MODELS[2]); declare a base before the models made from it',
    ]);
  });

  it("lets a custom model build on a custom model declared before it, or on a pulled model declared anywhere", () => {
    const models = parseDeclaredModels(
      JSON.stringify([
        { name: "mario", from: "qwen3:0.6b" },
        { name: "luigi", from: "mario" },
        { name: "qwen3:0.6b" },
      ]),
    );
    expect(models.map((m) => m.name)).toEqual(["mario", "luigi", "qwen3:0.6b"]);
  });
});
