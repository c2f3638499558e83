import { parseArgs, type SmokeArgs, USAGE, UsageError } from "./args";
import { httpsClient } from "./https-client";
import { hostAddresses, OutputsError } from "./outputs";
import { planChecks } from "./plan";
import { readOutputs, type RunCommand } from "./read-outputs";
import { runChecks } from "./run-checks";
import { formatTable } from "./table";

/** Reads the outputs, runs the checks, prints the table; 0 when all pass, 1 otherwise, 2 for bad arguments. */
export async function smoke(argv: readonly string[], print: (line: string) => void, run?: RunCommand): Promise<number> {
  let args: SmokeArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    print(`${error.message}\n${USAGE}`);
    return 2;
  }
  try {
    const outputs = await readOutputs(args.source, run);
    const client = httpsClient({ ca: outputs.caCertificate, hosts: hostAddresses(outputs.hostsEntries) });
    const results = await runChecks(planChecks(outputs, args.timeouts), client);
    print(formatTable(results));
    if (!outputs.caCertificate) print("(no caCertificate output: trusted the system's CAs)");
    const failed = results.filter((r) => !r.passed).length;
    print(failed === 0 ? `all ${results.length} checks passed` : `${failed} of ${results.length} checks failed`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof OutputsError)) throw error;
    print(error.message);
    return 1;
  }
}
