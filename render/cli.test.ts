import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./harness";

const run = promisify(execFile);
const TSX = join(PROJECT_DIR, "node_modules", ".bin", "tsx");
const scratch = mkdtempSync(join(tmpdir(), "homelab-render-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function render(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [join(PROJECT_DIR, "render", "cli.ts"), ...args], { cwd: PROJECT_DIR });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[path.slice(dir.length + 1)] = readFileSync(path, "utf8");
    }
  }
  return files;
}

describe("npm run render", () => {
  it.each(["dev", "homelab-metal"])("writes the render of stack %s and prints the summary; twice gives the same bytes", async (stack) => {
    const out = join(scratch, stack);
    const first = await render(stack, "--out", out);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${stack} (project homelab):`);
    expect(first.stdout).toContain(stack === "dev" ? "endpoints" : "API: https://");
    const firstFiles = tree(out);
    expect(Object.keys(firstFiles)).toEqual(expect.arrayContaining(["resources.json", "outputs.json"]));
    expect((await render(stack, "--out", out)).code).toBe(0);
    expect(tree(out)).toEqual(firstFiles);
  });

  it("exits 1 with the config problems and no stack trace", async () => {
    const stack = `render-test-${process.pid}`;
    const file = join(PROJECT_DIR, `Pulumi.${stack}.yaml`);
    writeFileSync(file, "config:\n  homelab:target: kind\n  homelab:domain: x\n");
    try {
      const result = await render(stack, "--out", join(scratch, stack));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("render: the stack configuration has 2 problems:");
      expect(result.stderr).toContain('  - homelab:target: expected one of minikube, wsl2, bare-metal; got "kind"');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(file);
    }
  });

  it("names a YAML syntax error's file, line and column, with no stack trace", async () => {
    const stack = `render-yaml-${process.pid}`;
    const file = join(PROJECT_DIR, `Pulumi.${stack}.yaml`);
    writeFileSync(file, "config:\n  homelab:target: minikube\n  homelab:domain: a: b\n");
    try {
      const result = await render(stack, "--out", join(scratch, stack));
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`render: ${file}:3:19: Nested mappings are not allowed in compact mappings`);
    } finally {
      rmSync(file);
    }
  });

  it.each([
    [["--bogus", "dev"], "Unknown option '--bogus'"],
    [["dev", "--out"], "Option '--out <value>' argument missing"],
    [[], "expected one stack name; got none"],
    [["dev", "wsl"], "expected one stack name; got dev wsl"],
  ])("exits 2 on %j, naming what is wrong, then the usage", async (args, problem) => {
    const result = await render(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`render: ${problem}\nusage: npm run render -- <stack> [--out DIR] [--show-secrets] [--host-os linux|darwin|win32]\n`);
  });

  it.each(["--help", "-h"])("prints the usage for %s and exits 0", async (flag) => {
    const result = await render(flag);
    expect(result).toEqual({ code: 0, stdout: "usage: npm run render -- <stack> [--out DIR] [--show-secrets] [--host-os linux|darwin|win32]\n", stderr: "" });
  });

  it("refuses to clear a directory it did not write", async () => {
    const out = join(scratch, "precious");
    const precious = join(out, "notes.txt");
    await render("dev", "--out", out);
    writeFileSync(precious, "keep me");
    const result = await render("dev", "--out", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("holds files a render did not write");
    expect(readFileSync(precious, "utf8")).toBe("keep me");
  });
});
