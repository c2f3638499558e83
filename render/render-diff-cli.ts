import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { renderDiff, type RenderTree } from "./render-diff";

const USAGE = "usage: npm run render:diff -- <stack> --base <git ref>";
const PROJECT_DIR = resolve(__dirname, "..");
const run = promisify(execFile);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { base: { type: "string" } } });
  if (positionals.length !== 1 || !values.base) {
    console.error(USAGE);
    return 2;
  }
  const stack = positionals[0]!;
  // Both sides sit inside the project at the same depth: their imports find this checkout's
  // node_modules by walking up, and the paths bundles record are the same on both sides.
  const scratchRoot = join(PROJECT_DIR, ".cache", "render-diff");
  mkdirSync(scratchRoot, { recursive: true });
  const scratch = mkdtempSync(join(scratchRoot, "run-"));
  const baseDir = join(scratch, "base");
  const headDir = join(scratch, "head");
  try {
    await run("git", ["-C", PROJECT_DIR, "worktree", "add", "--detach", "--quiet", baseDir, values.base]);
    await copyWorkingTree(headDir);
    const [base, head] = await Promise.all([renderTree(baseDir, stack, join(scratch, "base-out")), renderTree(headDir, stack, join(scratch, "head-out"))]);
    process.stdout.write(`${renderDiff(stack, base, head)}\n`);
    return 0;
  } finally {
    await run("git", ["-C", PROJECT_DIR, "worktree", "remove", "--force", baseDir]).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A checkout's render of the stack, masked and revealed, by its own render command; empty where the stack does not exist yet. */
async function renderTree(checkout: string, stack: string, out: string): Promise<RenderTree> {
  if (!existsSync(join(checkout, `Pulumi.${stack}.yaml`))) return { masked: new Map(), revealed: new Map() };
  const tsx = join(PROJECT_DIR, "node_modules", ".bin", "tsx");
  const render = (dir: string, ...flags: string[]) => run(tsx, [join(checkout, "render", "cli.ts"), stack, "--out", dir, ...flags], { cwd: checkout, maxBuffer: 64 * 1024 * 1024 });
  await render(join(out, "masked"));
  await render(join(out, "revealed"), "--show-secrets");
  return { masked: readTree(join(out, "masked")), revealed: readTree(join(out, "revealed")) };
}

/** The files of this checkout that git tracks or would track, uncommitted changes included. */
async function copyWorkingTree(target: string): Promise<void> {
  const { stdout } = await run("git", ["-C", PROJECT_DIR, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { maxBuffer: 64 * 1024 * 1024 });
  for (const path of stdout.split("\0").filter((file) => file !== "" && existsSync(join(PROJECT_DIR, file)))) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    copyFileSync(join(PROJECT_DIR, path), join(target, path));
  }
}

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), "utf8"));
  }
  return files;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const failed = error as { stderr?: string; message?: string };
    console.error(`render:diff: ${failed.stderr?.trim() || failed.message || String(error)}`);
    process.exitCode = 1;
  },
);
