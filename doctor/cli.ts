import { homedir } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { StackFileError } from "../render/stack-files";
import { exitCodeOf } from "./check";
import { runDoctor } from "./doctor";
import { planStack } from "./plan";
import { readStackOutputs } from "./pulumi-outputs";
import { renderTable } from "./table";
import { tcpProbe } from "./tcp-probe";

const USAGE = "usage: npm run doctor -- <stack>";
const PROJECT_DIR = resolve(__dirname, "..");

async function main(argv: string[]): Promise<number> {
  const stack = stackArgument(argv);
  if (stack === undefined) return 2;
  if (typeof stack !== "string") {
    console.log(USAGE);
    return 0;
  }
  const plan = await planStack(PROJECT_DIR, stack);
  const results = await runDoctor(plan, {
    env: process.env,
    home: homedir(),
    readStackOutputs,
    probe: tcpProbe,
    ports: { https: 443, node: 10250 },
  });
  console.log(renderTable(results));
  return exitCodeOf(results);
}

/** The one stack named, or that --help asks for the usage; undefined (after saying why) for anything else. */
function stackArgument(argv: string[]): string | { readonly help: true } | undefined {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h", default: false } } });
    if (values.help) return { help: true };
    if (positionals.length === 1) return positionals[0];
    console.error(`doctor: expected one stack name, got ${positionals.length}\n${USAGE}`);
  } catch (error) {
    console.error(`doctor: ${(error as Error).message}\n${USAGE}`);
  }
  return undefined;
}

// exitCode rather than exit(): the mock engine settles its last promises as the loop drains.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(pulumi.RunError.isInstance(error) || error instanceof StackFileError ? `doctor: ${error.message}` : error);
    process.exitCode = 1;
  },
);
