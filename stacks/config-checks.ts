import type { Host } from "./host";
import type { TargetFacts } from "./targets/target-facts";

/** What a check across keys may read besides the parsed keys. */
export interface CheckContext {
  /** The target the stack file names (minikube when that name is itself invalid). */
  readonly target: TargetFacts;
  /** Secret keys the stack file holds (`secure:`). */
  readonly secretKeys: readonly string[];
  /** Top-level keys the stack file sets, before defaults. */
  readonly given: ReadonlySet<string>;
  /** The machine the program runs on: some defaults depend on it. */
  readonly host: Host;
}

/**
 * A check that spans keys: it runs once each key it reads is valid on its own, so one
 * mistake is reported once, by the key that holds it.
 */
export interface CrossCheck<Config> {
  /** Keys the check reads; it is skipped when one of them is itself invalid. */
  readonly needs: readonly (keyof Config & string)[];
  run(config: Config, context: CheckContext): string[];
}
