import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { referenceFilesOf } from "./chart-archive";

/** A gzipped tar of `files` (path → content) in the given tar format. */
function archive(files: Record<string, string>, format: "gnu" | "pax" | "ustar"): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "chart-archive-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, "src", path, ".."), { recursive: true });
    writeFileSync(join(dir, "src", path), content);
  }
  execFileSync("tar", [`--format=${format}`, "-czf", join(dir, "chart.tgz"), "-C", join(dir, "src"), ...Object.keys(files)]);
  return readFileSync(join(dir, "chart.tgz"));
}

describe("referenceFilesOf", () => {
  it.each(["gnu", "pax", "ustar"] as const)("reads a %s archive, names longer than a tar header included", (format) => {
    const chart = format === "ustar" ? "demo" : `a-chart-with-a-name-long-enough-that-its-paths-do-not-fit-the-hundred-bytes-of-a-tar-header-${"x".repeat(20)}`;
    const files = referenceFilesOf(archive({ [`${chart}/values.yaml`]: "a: 1\n", [`${chart}/Chart.yaml`]: "name: demo\n", [`${chart}/charts/sub/values.yaml`]: "b: 2\n" }, format));
    expect(Object.fromEntries([...files].map(([name, content]) => [name, content.toString()]))).toEqual({ "values.yaml": "a: 1\n", "Chart.yaml": "name: demo\n" });
  });

  it("names what the archive holds when it is not a chart", () => {
    expect(() => referenceFilesOf(archive({ "demo/README.md": "hi\n" }, "ustar"))).toThrow("the archive has no <chart>/values.yaml (entries: demo/README.md)");
  });
});
