import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, type TempDir } from "../testing/temp-dir.ts";
import { FileStore } from "./file-store.ts";

describe("FileStore", () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir("file-store");
  });
  afterEach(() => dir.remove());

  it("starts empty without a file and reads back what it saved", async () => {
    const path = join(dir.path, "managed.json");
    const models = new Map([["mario:latest", { name: "mario", fingerprint: "sha256:abc" }]]);
    expect(await new FileStore(path).load()).toEqual(new Map());
    await new FileStore(path).save(models);
    expect(await new FileStore(path).load()).toEqual(models);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ version: 1 });
  });

  it("refuses a file it did not write", async () => {
    const path = join(dir.path, "other.json");
    await writeFile(path, "[]");
    await expect(new FileStore(path).load()).rejects.toThrow(`file ${path} does not hold a managed set`);
  });

  it("names the file it cannot write", async () => {
    const path = join(dir.path, "missing-dir", "managed.json");
    await expect(new FileStore(path).save(new Map())).rejects.toThrow(`cannot write file ${path}: ENOENT`);
  });
});
