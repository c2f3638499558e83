import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { renderFiles } from "./render-files";
import { renderStackFile } from "./render-stack";
import { StackFileError } from "./stack-files";
import { summarize } from "./summary";

const USAGE = "usage: npm run render -- <stack> [--out DIR] [--show-secrets]";
const PROJECT_DIR = resolve(__dirname, "..");

/** Files a render writes; only these are removed before writing again. */
const RENDER_ENTRIES = ["resources.json", "outputs.json", "summary.md", "manifests", "charts"];

async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv);
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  const recording = await renderStackFile(PROJECT_DIR, args.stack);
  const outDir = resolve(args.out ?? join(PROJECT_DIR, "out", args.stack));
  writeRender(outDir, renderFiles(recording, args.showSecrets));
  console.log(summarize(recording));
  console.log(`written to ${outDir}${args.showSecrets ? " (secrets shown: mock stand-ins and secure: key names)" : ""}`);
  return 0;
}

function parseCommandLine(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: "string" }, "show-secrets": { type: "boolean", default: false } },
    });
    if (positionals.length !== 1) return undefined;
    return { stack: positionals[0]!, out: values.out, showSecrets: values["show-secrets"] ?? false };
  } catch {
    return undefined;
  }
}

function writeRender(outDir: string, files: Map<string, string>): void {
  if (existsSync(outDir) && readdirSync(outDir).some((entry) => !RENDER_ENTRIES.includes(entry))) {
    throw new StackFileError(`${outDir} holds files a render did not write; choose another --out`);
  }
  for (const entry of RENDER_ENTRIES) rmSync(join(outDir, entry), { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
}

// exitCode rather than exit(): the mock engine settles its last promises as the loop drains.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (pulumi.RunError.isInstance(error) || error instanceof StackFileError) {
      console.error(`render: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
