import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { NODE_IMAGE } from "../components/lib/service-bundle";

const ROOT = resolve(__dirname, "..");
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), "utf8");
const SERVICES = readdirSync(join(ROOT, "services"));

/** The one Node major the project runs on: `.nvmrc`, which the workflows read too. */
const LINE = read(".nvmrc").trim();

describe("one Node line", () => {
  it("is a major number", () => {
    expect(LINE).toMatch(/^\d+$/);
  });

  it("is what every package asks for", () => {
    const engines = ["package.json", ...SERVICES.map((service) => join("services", service, "package.json"))].map((file) => [file, (JSON.parse(read(file)) as { engines?: { node?: string } }).engines?.node]);
    expect(engines).toEqual(engines.map(([file]) => [file, `>=${LINE}`]));
  });

  it("is the type definitions' line", () => {
    const version = (JSON.parse(read("package.json")) as { devDependencies: Record<string, string> }).devDependencies["@types/node"];
    expect(version?.split(".")[0]).toBe(LINE);
  });

  it("runs the service bundles, the gateway image and GitLab's jobs, at one release", () => {
    const release = /\/node:(\d+)\.\d+\.\d+-/.exec(NODE_IMAGE);
    expect(release?.[1]).toBe(LINE);
    const version = release![0].slice("/node:".length, -1);
    expect(read("services", "llm-gateway", "Dockerfile").match(/^FROM \S+/gm)).toEqual([`FROM node:${version}-bookworm-slim`, `FROM node:${version}-bookworm-slim`]);
    expect((parse(read(".gitlab-ci.yml")) as { default: { image: string } }).default.image).toBe(`node:${version}-bookworm-slim`);
    for (const service of SERVICES) expect(JSON.parse(read("services", service, "bundle.json")), service).toMatchObject({ target: `node${LINE}` });
  });
});
