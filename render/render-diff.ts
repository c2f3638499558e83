import { structuredPatch } from "diff";
import { parse } from "yaml";
import { MASK, isPlainObject } from "./secret";

/** The files of one render, relative path → content, masked and revealed. */
export interface RenderTree {
  readonly masked: ReadonlyMap<string, string>;
  readonly revealed: ReadonlyMap<string, string>;
}

/** The longest diff shown for one file; the render artifact has the rest. */
const MAX_DIFF_LINES = 300;

interface ResourceEntry {
  readonly type: string;
  readonly name: string;
}

/**
 * The Markdown a reviewer reads for one stack: resources added, changed and removed, chart
 * version bumps, requests and endpoints, then each changed chart, manifest and output file
 * as a collapsible diff. Changes are found on the revealed render and shown on the masked
 * one, so a changed secret is named by its path and never shown.
 */
export function renderDiff(stack: string, base: RenderTree, head: RenderTree): string {
  const resources = resourceChanges(base, head);
  const files = fileChanges(base, head);
  const counts = `${resources.added.length} added, ${resources.changed.length} changed, ${resources.removed.length} removed`;
  if (files.length === 0 && resources.added.length + resources.changed.length + resources.removed.length === 0) {
    return `## \`${stack}\`: no change\n`;
  }
  return [
    `## \`${stack}\`: ${counts}`,
    "",
    ...resourceTable(resources),
    ...chartBumps(base, head),
    ...summaryChanges(base.masked.get("summary.md"), head.masked.get("summary.md")),
    ...files.flatMap((path) => fileDetails(path, base, head)),
  ].join("\n");
}

interface ResourceChanges {
  readonly added: ResourceEntry[];
  readonly changed: ResourceEntry[];
  readonly removed: ResourceEntry[];
}

function resourceChanges(base: RenderTree, head: RenderTree): ResourceChanges {
  const before = resourcesById(base.revealed.get("resources.json"));
  const after = resourcesById(head.revealed.get("resources.json"));
  const entries = (ids: string[], from: Map<string, [ResourceEntry, string]>) => ids.map((id) => from.get(id)![0]);
  return {
    added: entries([...after.keys()].filter((id) => !before.has(id)), after),
    changed: entries([...after.keys()].filter((id) => before.has(id) && before.get(id)![1] !== after.get(id)![1]), after),
    removed: entries([...before.keys()].filter((id) => !after.has(id)), before),
  };
}

/** `type name` → the entry and its text, to compare. */
function resourcesById(text: string | undefined): Map<string, [ResourceEntry, string]> {
  const entries = text ? (JSON.parse(text) as ResourceEntry[]) : [];
  return new Map(entries.map((entry) => [`${entry.type} ${entry.name}`, [entry, JSON.stringify(entry)]]));
}

function resourceTable(changes: ResourceChanges): string[] {
  const rows = [
    ...changes.added.map((r) => `| added | \`${r.type}\` | ${r.name} |`),
    ...changes.changed.map((r) => `| changed | \`${r.type}\` | ${r.name} |`),
    ...changes.removed.map((r) => `| removed | \`${r.type}\` | ${r.name} |`),
  ];
  if (rows.length === 0) return [];
  return ["| | Type | Name |", "| --- | --- | --- |", ...rows, ""];
}

function chartBumps(base: RenderTree, head: RenderTree): string[] {
  const bumps = [...head.masked.keys()]
    .filter((path) => path.startsWith("charts/") && base.masked.has(path))
    .flatMap((path) => {
      const before = parse(base.masked.get(path)!) as { chart: string; version: string };
      const after = parse(head.masked.get(path)!) as { chart: string; version: string };
      return before.version === after.version ? [] : [`- ${path.slice("charts/".length, -".yaml".length)}: ${after.chart} ${before.version} → ${after.version}`];
    });
  return bumps.length > 0 ? ["**Chart versions**", "", ...bumps, ""] : [];
}

/** What the stack asks for (the requests line, or a cluster builder's VMs line) and the endpoints of summary.md, before and after. */
function summaryChanges(before: string | undefined, after: string | undefined): string[] {
  if (!after) return [];
  const demand = (text: string | undefined) => text?.split("\n").find((line) => line.startsWith("requests") || line.startsWith("VMs:"));
  const endpoints = (text: string | undefined) => new Set(section(text, "Endpoints").filter((line) => line.startsWith("- ")));
  const [asked, wasAsked] = [demand(after), demand(before)];
  const lines = asked === undefined ? [] : [wasAsked && wasAsked !== asked ? `- ${asked} (was: ${wasAsked.replace(/^[^:]*: /, "")})` : `- ${asked}`];
  const [was, now] = [endpoints(before), endpoints(after)];
  for (const line of now) lines.push(`- endpoint ${line.slice(2)}${before && !was.has(line) ? " (new)" : ""}`);
  for (const line of was) if (!now.has(line)) lines.push(`- endpoint ${line.slice(2)} (gone)`);
  return ["**Summary**", "", ...lines, ""];
}

function section(text: string | undefined, heading: string): string[] {
  const lines = text?.split("\n") ?? [];
  const start = lines.indexOf(`## ${heading}`);
  if (start === -1) return [];
  const end = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** Chart, manifest and output files whose revealed content differs, sorted. */
function fileChanges(base: RenderTree, head: RenderTree): string[] {
  const paths = new Set([...base.revealed.keys(), ...head.revealed.keys()]);
  return [...paths].filter((path) => /^(charts\/|manifests\/|outputs\.json$)/.test(path) && base.revealed.get(path) !== head.revealed.get(path)).sort();
}

function fileDetails(path: string, base: RenderTree, head: RenderTree): string[] {
  const before = base.masked.get(path);
  const after = head.masked.get(path);
  const state = before === undefined ? "added" : after === undefined ? "removed" : "changed";
  const secrets = state === "changed" ? changedSecrets(base.revealed.get(path)!, head.revealed.get(path)!, after!) : [];
  const note = secrets.length > 0 ? `; secret values changed: ${secrets.join(", ")}` : "";
  const summary = `<code>${path}</code> (${state}${note})`;
  const patch = structuredPatch(path, path, before ?? "", after ?? "", "", "", { context: 3 }).hunks.flatMap((hunk) => [
    `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    ...hunk.lines,
  ]);
  if (patch.length === 0) return [`- ${summary}: nothing else changed`, ""];
  const shown = patch.length > MAX_DIFF_LINES ? [...patch.slice(0, MAX_DIFF_LINES), `… ${patch.length - MAX_DIFF_LINES} more lines in the render artifact`] : patch;
  return [`<details><summary>${summary}</summary>`, "", "```diff", ...shown, "```", "", "</details>", ""];
}

/** Paths of values that are masked in the render and whose revealed value changed. */
function changedSecrets(beforeRevealed: string, afterRevealed: string, afterMasked: string): string[] {
  const masked = parse(afterMasked) as unknown;
  return leafChanges(parse(beforeRevealed), parse(afterRevealed)).filter((path) => valueAt(masked, path) === MASK).map((path) => path.join("."));
}

function leafChanges(before: unknown, after: unknown, path: string[] = []): string[][] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => leafChanges(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, index) => leafChanges(item, after[index], [...path, String(index)]));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), value);
}
