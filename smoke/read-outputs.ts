import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { OutputsError, parseOutputs, type SmokeOutputs } from "./outputs";

/** Where the outputs come from: a stack (through the pulumi CLI) or a JSON file written earlier. */
export type OutputsSource = { readonly stack: string } | { readonly file: string };

/** Runs a command and gives its standard output; replaceable in tests. */
export type RunCommand = (command: string, args: readonly string[]) => Promise<string>;

const runCommand: RunCommand = async (command, args) => (await promisify(execFile)(command, [...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;

export async function readOutputs(source: OutputsSource, run: RunCommand = runCommand): Promise<SmokeOutputs> {
  if ("file" in source) return parseOutputs(parseJson(await readFile(source.file, "utf8"), source.file), source.file);
  const args = ["stack", "output", "--json", "--show-secrets", "--stack", source.stack];
  let stdout: string;
  try {
    stdout = await run("pulumi", args);
  } catch (error) {
    const reason = (error as { code?: unknown }).code === "ENOENT" ? "pulumi is not on PATH" : ((error as { stderr?: string }).stderr || String(error)).trim();
    throw new OutputsError(`\`pulumi ${args.join(" ")}\` failed: ${reason}; or pass --outputs <file.json>`);
  }
  return parseOutputs(parseJson(stdout, `stack ${source.stack}`), `stack ${source.stack}`);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OutputsError(`${source} is not JSON: ${(error as Error).message}`);
  }
}
