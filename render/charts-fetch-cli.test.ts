import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { chartRegistry } from "../stacks/layers/catalog";
import { chartName } from "./chart-reference";
import { PROJECT_DIR } from "./harness";

const run = promisify(execFile);

describe("npm run charts:fetch", () => {
  it("downloads nothing that the folder HOMELAB_CHART_REFERENCE names already holds", async () => {
    const mirror = mkdtempSync(join(tmpdir(), "chart-mirror-"));
    for (const pin of chartRegistry()) {
      const dir = join(mirror, pin.reference ?? chartName(pin.chart), pin.version);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "values.yaml"), "{}\n");
    }
    const { stdout } = await run(join(PROJECT_DIR, "node_modules", ".bin", "tsx"), [join(PROJECT_DIR, "render", "charts-fetch-cli.ts")], {
      cwd: PROJECT_DIR,
      env: { ...process.env, HOMELAB_CHART_REFERENCE: mirror },
    });
    const lines = stdout.trim().split("\n");
    expect(lines.slice(0, -1)).toEqual(chartRegistry().map((pin) => `cached      ${pin.chart} ${pin.version}`));
    expect(lines.at(-1)).toBe(`${mirror}: every pinned chart is there`);
  });
});
