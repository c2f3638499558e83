import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./harness";
import { readStackConfig, StackFileError, stackNames, stackValues } from "./stack-files";

describe("stackValues", () => {
  it("passes scalars as text and maps and lists as JSON, as Pulumi does", () => {
    const { config, secretKeys } = stackValues(
      {
        "homelab:target": "minikube",
        "homelab:cluster": { servers: 3, agents: 0 },
        "homelab:models": [{ name: "qwen3:0.6b" }],
        "homelab:flag": true,
      },
      "Pulumi.x.yaml",
    );
    expect(config).toEqual({
      "homelab:target": "minikube",
      "homelab:cluster": '{"servers":3,"agents":0}',
      "homelab:models": '[{"name":"qwen3:0.6b"}]',
      "homelab:flag": "true",
    });
    expect(secretKeys).toEqual([]);
  });

  it("turns secure: values into stand-ins that name the key, never the ciphertext", () => {
    const { config, secretKeys } = stackValues(
      {
        "homelab:proxmoxApiToken": { secure: "v1:abc" },
        "homelab:nested": { token: { secure: "v1:def" }, plain: "x" },
      },
      "Pulumi.x.yaml",
    );
    expect(config).toEqual({
      "homelab:proxmoxApiToken": "<secure homelab:proxmoxApiToken>",
      "homelab:nested": '{"token":"<secure homelab:nested>","plain":"x"}',
    });
    expect(secretKeys).toEqual(["homelab:proxmoxApiToken", "homelab:nested"]);
  });

  it("refuses a key without its namespace", () => {
    expect(() => stackValues({ target: "minikube" }, "Pulumi.x.yaml")).toThrow(
      'Pulumi.x.yaml: config key "target" needs its namespace, e.g. homelab:target',
    );
  });
});

describe("readStackConfig", () => {
  it("reads the project name and the stack file", () => {
    const stack = readStackConfig(PROJECT_DIR, "dev");
    expect(stack.project).toBe("homelab");
    expect(stack.config["homelab:target"]).toBe("minikube");
  });

  it("applies Pulumi.yaml config defaults under the stack's own values", () => {
    const dir = mkdtempSync(join(tmpdir(), "homelab-stack-files-"));
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      "name: homelab\nruntime: nodejs\nconfig:\n  domain:\n    type: string\n    default: a.test\n  sizing: lean\n  target:\n    type: string\n",
    );
    writeFileSync(join(dir, "Pulumi.s.yaml"), "config:\n  homelab:sizing: full\n");
    expect(readStackConfig(dir, "s").config).toEqual({ "homelab:domain": "a.test", "homelab:sizing": "full" });
  });

  it("names the stacks that exist when the file is missing", () => {
    expect(() => readStackConfig(PROJECT_DIR, "nope")).toThrow(StackFileError);
    expect(() => readStackConfig(PROJECT_DIR, "nope")).toThrow(/stacks here: dev, homelab, homelab-metal, wsl/);
    expect(stackNames(PROJECT_DIR)).toEqual(expect.arrayContaining(["dev", "homelab", "homelab-metal", "wsl"]));
  });
});
