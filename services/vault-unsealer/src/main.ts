import { runConfigure, runUnsealer } from "./run.ts";

/**
 * One bundle, two entries: the unsealer Deployment runs `unseal`, the configuration Job
 * `configure`. Ours rather than bank-vaults' operator: initialising and unsealing is three
 * HTTP calls, and a service of a few hundred lines that runs on the Node image we already
 * ship is easier to audit than an operator with CRDs, a webhook-free but cluster-wide
 * controller and images of its own, for one Vault.
 */
const mode = process.argv[2];
const log = (line: string) => console.log(line);
if (mode === "unseal") process.exitCode = await runUnsealer(process.env, log);
else if (mode === "configure") process.exitCode = await runConfigure(process.env, log);
else {
  log(`usage: vault-unsealer unseal|configure; got ${JSON.stringify(mode ?? "")}`);
  process.exitCode = 2;
}
