import { runConfigure, runUnsealer } from "./run.ts";

/** One bundle, two entries: the unsealer Deployment runs `unseal`, the configuration Job `configure`. */
const mode = process.argv[2];
const log = (line: string) => console.log(line);
if (mode === "unseal") process.exitCode = await runUnsealer(process.env, log);
else if (mode === "configure") process.exitCode = await runConfigure(process.env, log);
else {
  log(`usage: vault-unsealer unseal|configure; got ${JSON.stringify(mode ?? "")}`);
  process.exitCode = 2;
}
