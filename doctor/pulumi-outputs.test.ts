import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readStackOutputs } from "./pulumi-outputs";

const scratch = mkdtempSync(join(tmpdir(), "homelab-pulumi-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in for the Pulumi CLI: a shell script that records its arguments and answers as told. */
function fakePulumi(name: string, script: string): string {
  const file = join(scratch, name);
  writeFileSync(file, `#!/bin/sh\necho "$@" > ${file}.args\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe("reading a stack's outputs with the Pulumi CLI", () => {
  it("asks for every output as JSON, secrets shown, and parses them", async () => {
    const pulumi = fakePulumi("answers", `echo '{"apiVip": "10.0.10.10", "kubeconfig": "apiVersion: v1"}'`);
    expect(await readStackOutputs("homelab-metal", pulumi)).toEqual({ kind: "outputs", values: { apiVip: "10.0.10.10", kubeconfig: "apiVersion: v1" } });
    expect(readFileSync(`${pulumi}.args`, "utf8")).toBe("stack output --json --show-secrets -s homelab-metal\n");
  });

  it("gives the CLI's last line of error when it fails", async () => {
    const pulumi = fakePulumi("fails", `echo 'warning: something' >&2; echo 'error: no stack named homelab-metal found' >&2; exit 255`);
    expect(await readStackOutputs("homelab-metal", pulumi)).toEqual({ kind: "failed", message: "error: no stack named homelab-metal found" });
  });

  it("says when there is no Pulumi CLI", async () => {
    expect(await readStackOutputs("homelab-metal", join(scratch, "no-such-pulumi"))).toEqual({ kind: "no-pulumi" });
  });
});
