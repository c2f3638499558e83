/** The environment the Job was given is unusable; every problem is listed, each naming its variable or field. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `model-sync configuration: ${problems[0]}`
        : `model-sync configuration has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}
