import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_DIR, renderConfig, renderStack, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";
import { K3S_VERSION } from "./versions";

/**
 * Every user-data the program renders, checked by cloud-init's own schema validator
 * (Debian's `cloud-init` package). CI installs it and must run this; on a machine without
 * it the test is skipped, saying so in its name.
 */

const run = promisify(execFile);
const installed = spawnSync("cloud-init", ["--version"]).status === 0;
const INSTALL = "apt-get install -y --no-install-recommends cloud-init";
const scratch = mkdtempSync(join(tmpdir(), "homelab-user-data-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fixture stack file rendered as the program would run it. */
async function renderFixture(name: string): Promise<Recording> {
  const config = parse(readFileSync(join(PROJECT_DIR, "stacks", "fixtures", "valid", name), "utf8")).config as Record<string, unknown>;
  return renderConfig(Object.fromEntries(Object.entries(config).map(([key, value]) => [key.replace(/^homelab:/, ""), value])));
}

/** The user-data snippets with the mock stand-ins for secrets revealed, by file name. */
function userData(recording: Recording): [string, string][] {
  return resourcesOfType(recording, "proxmoxve:index/fileLegacy:FileLegacy").map((r) => {
    const source = (r.inputs.sourceRaw as Secret).value as { data: string; fileName: string };
    return [`${recording.stack}-${source.fileName}`, source.data];
  });
}

async function validate(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run("cloud-init", ["schema", "--config-file", file]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/**
 * Whether `cloud-init schema` accepted the file without remarks. Releases word it
 * differently (Debian's: `Valid cloud-config: <file>`; Ubuntu's newer: `Valid schema …`),
 * and any deprecation or error line means it did not.
 */
function acceptedBySchema(output: string): boolean {
  return /^\s*Valid (cloud-config:|schema) /m.test(output) && !/error|invalid|deprecat/i.test(output);
}

const skipReason = installed || process.env.CI ? "" : ` (skipped: cloud-init is not installed here; ${INSTALL})`;

describe("rendered user-data", () => {
  it.skipIf(skipReason !== "")(`passes \`cloud-init schema\` and installs the pinned k3s${skipReason}`, async () => {
    if (!installed) throw new Error(`cloud-init is not installed; CI must run this check: ${INSTALL}`);
    const documents = [
      ...userData(await renderStack("homelab-metal")),
      ...userData(await renderFixture("metal-one-server.yaml")),
      ...userData(await renderFixture("metal-ha-gpu.yaml")),
    ];
    expect(documents.length).toBe(12);
    const results = await Promise.all(
      documents.map(async ([name, text]) => {
        const file = join(scratch, name);
        writeFileSync(file, text);
        return { name, pinned: text.includes(`INSTALL_K3S_VERSION='${K3S_VERSION}'`), ...(await validate(file)) };
      }),
    );
    for (const result of results) {
      expect({ ...result, accepted: acceptedBySchema(result.output) }).toEqual({ ...result, pinned: true, code: 0, accepted: true });
    }
  });
});

describe("cloud-init schema's verdict", () => {
  it("is read in the wording of either cloud-init release, and any remark fails it", () => {
    expect(acceptedBySchema("Valid cloud-config: /tmp/user-data\n")).toBe(true);
    expect(acceptedBySchema("Found cloud-config data types: user-data\n\n1. user-data at /tmp/user-data:\n  Valid schema user-data\n")).toBe(true);
    expect(acceptedBySchema("Valid schema /tmp/user-data\nCloud config schema deprecations: runcmd: Deprecated in version 22.2\n")).toBe(false);
    expect(acceptedBySchema("Error: Cloud config schema errors: packages: 'x' is not valid\n")).toBe(false);
  });
});
