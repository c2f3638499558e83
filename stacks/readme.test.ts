import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR, renderStack } from "../render/harness";
import { stackNames } from "../render/stack-files";
import { secretKeysOf } from "./config";
import { catalogKeys, catalogSwitches, LAYERS } from "./layers/catalog";
import { stackSettingsShape } from "./stack-settings";
import { TARGETS } from "./targets/catalog";

/** README's reference tables against the code: a key or output added without docs fails here. */

function section(title: string): string {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "## ${title}"`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

const mentions = (text: string, key: string) => new RegExp("`" + key.replace(".", "\\.") + "[`.\\[]").test(text);

describe("README", () => {
  it("documents every config key, switch and secret in the configuration reference", () => {
    const reference = section("Configuration reference");
    const keys = [
      ...Object.keys(stackSettingsShape(TARGETS.minikube, {} as never, "linux")),
      ...Object.keys(catalogKeys(LAYERS)),
      ...Object.keys(secretKeysOf(LAYERS)),
    ];
    const switches = ["gpu", ...catalogSwitches(LAYERS).map((s) => s.name)];
    expect(keys.filter((key) => !mentions(reference, key))).toEqual([]);
    expect(switches.filter((name) => !mentions(reference, `features.${name}`) && !mentions(reference, `.${name}`))).toEqual([]);
  });

  it("documents every output of every stack", async () => {
    const documented = section("Stack outputs")
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!));
    const names = new Set<string>();
    for (const stack of stackNames(PROJECT_DIR)) for (const name of Object.keys((await renderStack(stack)).outputs)) names.add(name);
    expect([...names].filter((name) => !documented.includes(name))).toEqual([]);
  });
});
