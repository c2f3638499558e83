import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cachedRender, pruneOtherKeys, sourceKey } from "./render-cache";
import type { Recording } from "./run-under-mocks";
import { Secret } from "./secret";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "render-cache-"));
  dirs.push(dir);
  return dir;
}

const RECORDING: Recording = {
  project: "homelab",
  stack: "dev",
  resources: [{ type: "t", name: "n", parent: null, custom: true, inputs: { password: new Secret("s3cret"), plain: 1 }, options: { dependsOn: [], protect: false, retainOnDelete: false, provider: null } }],
  outputs: { key: new Secret({ nested: "x" }) },
};

describe("sourceKey", () => {
  it("changes with a source file or a stack file, not with a test", () => {
    const project = scratch();
    mkdirSync(join(project, "components"));
    writeFileSync(join(project, "components", "a.ts"), "export const a = 1;");
    writeFileSync(join(project, "Pulumi.dev.yaml"), "config: {}");
    const first = sourceKey(project);
    writeFileSync(join(project, "components", "a.test.ts"), "test");
    expect(sourceKey(project)).toBe(first);
    writeFileSync(join(project, "components", "a.ts"), "export const a = 2;");
    const second = sourceKey(project);
    expect(second).not.toBe(first);
    writeFileSync(join(project, "Pulumi.dev.yaml"), "config: { a: 1 }");
    expect(sourceKey(project)).not.toBe(second);
  });
});

describe("cachedRender", () => {
  it("renders once, then answers from disk in another process's place, secrets still secrets", async () => {
    const cache = scratch();
    let renders = 0;
    const render = async () => (renders++, RECORDING);
    const first = await cachedRender(cache, "dev", render)();
    const fromDisk = await cachedRender(cache, "dev", render)();
    expect(renders).toBe(1);
    expect(fromDisk).toEqual(first);
    expect(fromDisk.resources[0]!.inputs.password).toBeInstanceOf(Secret);
    expect(fromDisk.outputs.key).toEqual(new Secret({ nested: "x" }));
  });

  it("hands out one frozen recording, so a check cannot change what the next sees", async () => {
    const answer = cachedRender(scratch(), "dev", async () => ({ ...RECORDING, resources: [{ ...RECORDING.resources[0]!, inputs: { plain: 1 } }] }));
    const recording = await answer();
    expect(await answer()).toBe(recording);
    expect(() => (recording.resources[0]!.inputs as Record<string, unknown>).plain = 2).toThrow(TypeError);
  });
});

describe("pruneOtherKeys", () => {
  it("keeps only the current key's renders", () => {
    const root = scratch();
    for (const key of ["old", "current"]) mkdirSync(join(root, key));
    pruneOtherKeys(root, "current");
    expect(readdirSync(root)).toEqual(["current"]);
  });
});
