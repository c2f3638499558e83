import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** The stack's configuration is invalid: every problem, each naming its config key. */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(
      `the stack configuration has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** `homelab:loadBalancer.pools[1].addresses[0]`: the form `pulumi config set --path` takes. */
export function configKey(path: readonly PropertyKey[]): string {
  const [top, ...rest] = path;
  const tail = rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  return `homelab:${String(top ?? "")}${tail}`;
}

/** Turns zod issues into one line per problem, each starting with its config key. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${configKey([...issue.path, key])}: ${issue.message}`);
    }
    return [`${configKey(issue.path)}: ${describeIssue(issue)}`];
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      return input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}, got ${show(input)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}; got ${show(input)}`;
    case "too_small":
      return `expected at least ${String(issue.minimum)}${issue.origin === "array" ? " entries" : ""}; got ${show(input)}`;
    case "invalid_key":
      return issue.issues.map(describeIssue).join("; ");
    case "too_big":
      return `expected at most ${String(issue.maximum)}${issue.origin === "array" ? " entries" : ""}; got ${show(input)}`;
    default:
      return issue.message;
  }
}

/** A short rendering of a bad value for an error message. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === "object") return "an object";
  return JSON.stringify(value) ?? String(value);
}
