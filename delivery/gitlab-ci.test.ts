import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * GitLab's own CI schema ships in no npm package that runs on this project's machines, so
 * the file is checked here against GitLab's keywords: global keys, job keys, stages and
 * `extends` that resolve.
 */
const GLOBAL_KEYS = new Set(["default", "stages", "workflow", "variables", "include", "image", "services", "cache", "before_script", "after_script"]);
const JOB_KEYS = new Set([
  "stage", "script", "before_script", "after_script", "image", "services", "rules", "needs", "variables", "cache", "artifacts",
  "environment", "extends", "when", "allow_failure", "timeout", "tags", "retry", "interruptible", "resource_group", "dependencies", "coverage", "parallel",
]);
const DEFAULT_KEYS = new Set(["image", "services", "cache", "before_script", "after_script", "tags", "timeout", "retry", "interruptible", "artifacts"]);

type Job = Record<string, unknown>;
const file = parse(readFileSync(join(resolve(__dirname, ".."), ".gitlab-ci.yml"), "utf8")) as Record<string, unknown>;
const entries = Object.entries(file).filter(([key]) => !GLOBAL_KEYS.has(key)) as [string, Job][];
const jobs = entries.filter(([name]) => !name.startsWith("."));
const templates = new Set(entries.filter(([name]) => name.startsWith(".")).map(([name]) => name));

describe(".gitlab-ci.yml", () => {
  it("has the jobs the GitHub workflows have", () => {
    expect(jobs.map(([name]) => name).sort()).toEqual(["deploy", "drift", "preview", "render", "render-diff", "test"]);
  });

  it("uses only GitLab's keywords", () => {
    const unknown = [
      ...Object.keys(file.default as Job).filter((key) => !DEFAULT_KEYS.has(key)).map((key) => `default.${key}`),
      ...entries.flatMap(([name, job]) => Object.keys(job).filter((key) => !JOB_KEYS.has(key)).map((key) => `${name}.${key}`)),
    ];
    expect(unknown).toEqual([]);
  });

  it("gives every job a declared stage, a script and templates that exist", () => {
    const stages = new Set(file.stages as string[]);
    const problems = jobs.flatMap(([name, job]) => [
      ...(stages.has(String(job.stage)) ? [] : [`${name}: stage ${String(job.stage)} is not in stages`]),
      ...(Array.isArray(job.script) && job.script.length > 0 ? [] : [`${name}: no script`]),
      ...[job.extends ?? []].flat().filter((template) => !templates.has(String(template))).map((template) => `${name}: extends ${String(template)}, which is not defined`),
    ]);
    expect(problems).toEqual([]);
  });
});
