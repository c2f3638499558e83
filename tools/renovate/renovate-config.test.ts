import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { KAFKA_UI_IMAGE } from "../../components/data/kafka-ui";
import { ARANGODB_IMAGE } from "../../components/data/arangodb";
import { OLLAMA_IMAGE } from "../../components/llm/ollama";
import { NODE_IMAGE } from "../../components/lib/service-bundle";
import { CLOUD_IMAGE_RELEASE, K3S_VERSION, KUBE_VIP_IMAGE } from "../../components/metal/versions";
import { LOCAL_PATH_HELPER_IMAGE, LOCAL_PATH_IMAGE } from "../../components/system/local-path-provisioner";
import { MC_IMAGE } from "../../components/system/minio";
import { SEAWEEDFS_IMAGE } from "../../components/system/seaweedfs";
import { PROJECT_DIR } from "../../render/harness";
import { chartRegistry } from "../../stacks/layers/catalog";
import { findPins, projectFiles, type RegexManager } from "./custom-managers";

const CONFIG = JSON.parse(readFileSync(join(PROJECT_DIR, "renovate.json"), "utf8")) as {
  customManagers: RegexManager[];
  enabledManagers?: string[];
  ignorePaths?: string[];
};
const PINS = findPins(CONFIG.customManagers, PROJECT_DIR);

/**
 * Renovate's own validator. Renovate 39 is its last release that runs on Node 20, the
 * oldest Node `npm test` still supports (README, Delivery); it is a dev dependency only for this.
 */
function validate(dir: string) {
  const validator = join(PROJECT_DIR, "node_modules", ".bin", "renovate-config-validator");
  return promisify(execFile)(validator, ["--strict", "renovate.json"], { cwd: dir, env: { ...process.env, LOG_LEVEL: "info" } });
}

/** Every image the program runs, by its constant. */
const IMAGES = { ARANGODB_IMAGE, OLLAMA_IMAGE, NODE_IMAGE, KUBE_VIP_IMAGE, LOCAL_PATH_IMAGE, LOCAL_PATH_HELPER_IMAGE, MC_IMAGE, SEAWEEDFS_IMAGE, KAFKA_UI_IMAGE };

describe("renovate.json", () => {
  it("passes Renovate's own config validator", async () => {
    const { stdout } = await validate(PROJECT_DIR);
    expect(stdout).toContain("Config validated successfully");
  }, 120_000);

  it("is checked by a validator that refuses a wrong option", async () => {
    const dir = await mkdtemp(join(tmpdir(), "renovate-"));
    try {
      await writeFile(join(dir, "renovate.json"), JSON.stringify({ ...CONFIG, packageRules: [{ matchPackageNames: ["x"], groupname: "typo" }] }));
      await expect(validate(dir)).rejects.toMatchObject({ stdout: expect.stringContaining("Invalid configuration option: packageRules[0].groupname") });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("finds every pinned Helm chart at its pinned version and repository", () => {
    const expected = chartRegistry().map((pin) =>
      pin.chart.startsWith("oci://")
        ? { datasource: "docker", depName: pin.chart.slice("oci://".length), currentValue: pin.version }
        : { datasource: "helm", depName: pin.chart, currentValue: pin.version, registryUrl: pin.repo },
    );
    const found = PINS.filter((p) => p.file.endsWith("charts.ts")).map(({ file: _file, ...pin }) => pin);
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found).toHaveLength(new Set(chartRegistry().map((p) => `${p.chart}@${p.version}`)).size);
  });

  it.each(Object.entries(IMAGES))("finds the image %s", (_, image) => {
    const found = PINS.filter((p) => p.datasource === "docker" && `${p.depName}:${p.currentValue}` === image);
    expect(found).toHaveLength(1);
  });

  it("knows every container image constant the code declares, so a new one cannot slip past the list above", () => {
    const declared = projectFiles(PROJECT_DIR)
      .filter((file) => file.startsWith("components/") && file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .flatMap((file) => [...readFileSync(join(PROJECT_DIR, file), "utf8").matchAll(/export const (\w+_IMAGE) = "/g)].map((m) => m[1]));
    expect(declared.sort()).toEqual(Object.keys(IMAGES).sort());
  });

  it("finds no image written inline in a workload, where no rule would see it", () => {
    const inline = projectFiles(PROJECT_DIR)
      .filter((file) => file.startsWith("components/") && file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .filter((file) => /\bimage: "[^"]+"/.test(readFileSync(join(PROJECT_DIR, file), "utf8")));
    expect(inline).toEqual([]);
  });

  it("finds the k3s release and the Ubuntu cloud image release", () => {
    expect(PINS).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ datasource: "github-releases", depName: "k3s-io/k3s", currentValue: K3S_VERSION }),
        expect.objectContaining({ datasource: "custom.ubuntu-noble-cloud-image", currentValue: CLOUD_IMAGE_RELEASE }),
      ]),
    );
  });

  it("leaves the npm manager on for every package.json (root, services, policy)", () => {
    expect(CONFIG.enabledManagers).toBeUndefined();
    const manifests = projectFiles(PROJECT_DIR).filter((file) => file.endsWith("package.json"));
    expect(manifests).toEqual(expect.arrayContaining(["package.json", "policy/package.json", "services/llm-gateway/package.json", "services/model-sync/package.json"]));
    const ignored = (CONFIG.ignorePaths ?? []).filter((glob) => manifests.some((file) => file.startsWith(glob.replace(/\*.*$/, ""))));
    expect(ignored).toEqual([]);
  });
});
