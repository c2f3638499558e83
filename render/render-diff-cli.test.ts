import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./harness";

const run = promisify(execFile);
const TSX = join(PROJECT_DIR, "node_modules", ".bin", "tsx");

async function renderDiff(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [join(PROJECT_DIR, "render", "render-diff-cli.ts"), ...args], { cwd: PROJECT_DIR });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function scratchWorktrees(): Promise<string[]> {
  return (await run("git", ["-C", PROJECT_DIR, "worktree", "list"])).stdout.split("\n").filter((line) => line.includes(join(".cache", "render-diff")));
}

// The renders themselves are covered by render-diff.test.ts; a stack that exists on neither
// side keeps this to the git plumbing.
describe("npm run render:diff", () => {
  it("checks the base out beside the head, diffs, and leaves no worktree behind", async () => {
    const result = await renderDiff("no-such-stack", "--base", "HEAD");
    expect(result).toEqual({ code: 0, stdout: "## `no-such-stack`: no change\n\n", stderr: "" });
    expect(await scratchWorktrees()).toEqual([]);
    expect(readdirSync(join(PROJECT_DIR, ".cache", "render-diff"))).toEqual([]);
  });

  it("says how to call it, and names a base git does not know", async () => {
    expect(await renderDiff("dev")).toMatchObject({ code: 2, stderr: "usage: npm run render:diff -- <stack> --base <git ref>\n" });
    const unknown = await renderDiff("dev", "--base", "no-such-ref-anywhere");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no-such-ref-anywhere");
  });
});
