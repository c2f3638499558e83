import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { renderFiles } from "./render-files";
import { renderStackFile } from "./render-stack";
import { MINIKUBE_DOCKER_API_SERVER, simulatedHost } from "./simulated-host";
import { StackFileError } from "./stack-files";
import { summarize } from "./summary";

const USAGE = "usage: npm run render -- <stack> [--out DIR] [--show-secrets] [--host-os linux|darwin|win32]";

/** Host OSes a stack file may take its defaults from. */
const HOST_OSES: readonly string[] = ["linux", "darwin", "win32"];
const PROJECT_DIR = resolve(__dirname, "..");

/** Files a render writes; only these are removed before writing again. */
const RENDER_ENTRIES = ["resources.json", "outputs.json", "summary.md", "manifests", "charts"];

/** Exit code for arguments the render cannot run with, as usual for command-line tools. */
const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv);
  if (args.kind === "help") {
    console.log(USAGE);
    return 0;
  }
  if (args.kind === "wrong") {
    console.error(`render: ${args.problem}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const recording = await renderStackFile(PROJECT_DIR, args.stack, simulatedHost(args.hostOs, MINIKUBE_DOCKER_API_SERVER));
  const outDir = resolve(args.out ?? join(PROJECT_DIR, "out", args.stack));
  writeRender(outDir, renderFiles(recording, args.showSecrets));
  console.log(`as on ${args.hostOs}, with the kubeconfig's API server at ${MINIKUBE_DOCKER_API_SERVER} (minikube's docker driver)`);
  console.log(summarize(recording));
  console.log(`written to ${outDir}${args.showSecrets ? " (secrets shown: mock stand-ins and secure: key names)" : ""}`);
  return 0;
}

type CommandLine =
  | { readonly kind: "render"; readonly stack: string; readonly out: string | undefined; readonly showSecrets: boolean; readonly hostOs: NodeJS.Platform }
  | { readonly kind: "help" }
  | { readonly kind: "wrong"; readonly problem: string };

function parseCommandLine(argv: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        "show-secrets": { type: "boolean", default: false },
        // The render answers for the machine `pulumi up` would run on: this one unless told.
        "host-os": { type: "string", default: HOST_OSES.includes(process.platform) ? process.platform : "linux" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    // node:util names the option: "Unknown option '--bogus'", "Option '--out <value>' argument missing".
    return { kind: "wrong", problem: (error as Error).message.split(". ")[0]! };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (positionals.length !== 1) {
    return { kind: "wrong", problem: `expected one stack name; got ${positionals.length === 0 ? "none" : positionals.join(" ")}` };
  }
  const hostOs = values["host-os"] as NodeJS.Platform;
  if (!HOST_OSES.includes(hostOs)) return { kind: "wrong", problem: `--host-os: expected one of ${HOST_OSES.join(", ")}; got ${hostOs}` };
  return { kind: "render", stack: positionals[0]!, out: values.out, showSecrets: values["show-secrets"] ?? false, hostOs };
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
