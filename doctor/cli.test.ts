import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../render/harness";

const run = promisify(execFile);
const TSX = join(PROJECT_DIR, "node_modules", ".bin", "tsx");

async function doctor(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [join(PROJECT_DIR, "doctor", "cli.ts"), ...args], { cwd: PROJECT_DIR, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run doctor", () => {
  it("prints the table and exits 1 when a line fails", async () => {
    const missing = join(PROJECT_DIR, "no-such-kubeconfig");
    const result = await doctor(["wsl"], { KUBECONFIG: missing });
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "pass  stack file          Pulumi.wsl.yaml is valid (target wsl2)",
        `FAIL  kubeconfig context  no kubeconfig at ${missing}`,
        "1 pass, 0 warn, 1 fail",
      ]),
    );
  });

  it("exits 0 when nothing fails", async () => {
    const result = await doctor(["homelab-metal"]);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining("1 pass, 0 warn, 0 fail") });
  });

  it("exits 2 with the usage when the stack is not one argument", async () => {
    const result = await doctor(["dev", "wsl"]);
    expect(result).toMatchObject({ code: 2, stderr: "doctor: expected one stack name, got 2\nusage: npm run doctor -- <stack>\n" });
  });

  it.each(["--help", "-h"])("prints the usage for %s and exits 0", async (flag) => {
    expect(await doctor([flag])).toMatchObject({ code: 0, stdout: "usage: npm run doctor -- <stack>\n" });
  });

  it("names an unknown flag, then the usage, and exits 2", async () => {
    const result = await doctor(["dev", "--verbose"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^doctor: .*'--verbose'.*\nusage: npm run doctor -- <stack>\n$/);
  });

  it("names a stack without a stack file", async () => {
    const result = await doctor(["nope"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^doctor: no stack file .*Pulumi\.nope\.yaml; stacks here: dev, homelab, homelab-metal, wsl\n$/);
  });
});
