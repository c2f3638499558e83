import { loadConfig } from "./config/config.ts";
import { ConfigError } from "./config/config-error.ts";
import { startGateway } from "./gateway.ts";
import { bufferedStdout, Logger } from "./logging/logger.ts";
import { EmbeddedStoreUnavailableError } from "./store/pglite-client.ts";

/** Starts the gateway from the environment and stops it gracefully on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const stdout = bufferedStdout();
  process.once("exit", stdout.flush);
  const gateway = await startGateway(config, { logger: new Logger(config.logLevel, stdout) });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      gateway.logger.info("signal received", { signal });
      gateway.shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          gateway.logger.error("shutdown failed", { error: (error as Error).message });
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  // Configuration and store problems are the operator's to fix: say what, without a stack trace.
  const expected = error instanceof ConfigError || error instanceof EmbeddedStoreUnavailableError;
  const message = expected ? (error as Error).message : String((error as Error)?.stack ?? error);
  process.stderr.write(`llm-gateway failed to start: ${message}\n`);
  process.exit(1);
});
