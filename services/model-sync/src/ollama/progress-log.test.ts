import { describe, expect, it } from "vitest";
import { byteSize } from "./byte-size.ts";
import { ProgressLog } from "./progress-log.ts";

function recorder() {
  const lines: string[] = [];
  let clock = 0;
  const progress = new ProgressLog("pull qwen3:0.6b", (line) => lines.push(line), () => clock, 5_000);
  return { lines, progress, advance: (ms: number) => (clock += ms) };
}

const layer = { status: "downloading sha256:aaa", digest: "sha256:aaa", total: 2_000_000 };

describe("ProgressLog", () => {
  it("logs each step once, however often Ollama repeats it", () => {
    const { lines, progress } = recorder();
    for (const status of ["pulling manifest", "pulling manifest", "verifying sha256 digest", "writing manifest", "success"]) {
      progress.update({ status });
    }
    expect(lines).toEqual([
      "pull qwen3:0.6b: pulling manifest",
      "pull qwen3:0.6b: verifying sha256 digest",
      "pull qwen3:0.6b: writing manifest",
      "pull qwen3:0.6b: success",
    ]);
  });

  it("logs a layer's start and end, and in between at most one line per interval", () => {
    const { lines, progress, advance } = recorder();
    progress.update(layer);
    for (let completed = 1_000; completed < 2_000_000; completed += 1_000) {
      advance(10);
      progress.update({ ...layer, completed });
    }
    progress.update({ ...layer, completed: 2_000_000 });
    progress.update({ ...layer, completed: 2_000_000 });
    expect(lines).toEqual([
      "pull qwen3:0.6b: downloading sha256:aaa 0% (0 B of 2.0 MB)",
      "pull qwen3:0.6b: downloading sha256:aaa 25% (500.0 kB of 2.0 MB)",
      "pull qwen3:0.6b: downloading sha256:aaa 50% (1.0 MB of 2.0 MB)",
      "pull qwen3:0.6b: downloading sha256:aaa 75% (1.5 MB of 2.0 MB)",
      "pull qwen3:0.6b: downloading sha256:aaa 100% (2.0 MB of 2.0 MB)",
    ]);
  });

  it("throttles each layer on its own when Ollama reports layers interleaved", () => {
    const { lines, progress, advance } = recorder();
    const other = { status: "downloading sha256:bbb", digest: "sha256:bbb", total: 1_000 };
    for (let step = 0; step < 4; step++) {
      advance(1_000);
      progress.update({ ...layer, completed: step * 1_000 });
      progress.update({ ...other, completed: step });
    }
    progress.update({ ...other, completed: 1_000 });
    advance(10_000);
    progress.update({ ...other, completed: 1_000 });
    expect(lines).toEqual([
      "pull qwen3:0.6b: downloading sha256:aaa 0% (0 B of 2.0 MB)",
      "pull qwen3:0.6b: downloading sha256:bbb 0% (0 B of 1.0 kB)",
      "pull qwen3:0.6b: downloading sha256:bbb 100% (1.0 kB of 1.0 kB)",
    ]);
  });

  it("starts a new line for each layer, even one already complete", () => {
    const { lines, progress } = recorder();
    progress.update({ ...layer, completed: 2_000_000 });
    progress.update({ status: "downloading sha256:bbb", digest: "sha256:bbb", total: 500, completed: 500 });
    expect(lines).toEqual([
      "pull qwen3:0.6b: downloading sha256:aaa 100% (2.0 MB of 2.0 MB)",
      "pull qwen3:0.6b: downloading sha256:bbb 100% (500 B of 500 B)",
    ]);
  });
});

describe("byteSize", () => {
  it("uses decimal units with one decimal above a kilobyte", () => {
    expect([0, 999, 1_000, 522_700_000, 5_200_000_000_000_000].map(byteSize)).toEqual(["0 B", "999 B", "1.0 kB", "522.7 MB", "5200.0 TB"]);
  });
});
