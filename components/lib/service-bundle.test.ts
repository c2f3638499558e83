import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleService, CONFIGMAP_LIMIT, SERVICES_DIR } from "./service-bundle";

const scratch = mkdtempSync(join(tmpdir(), "homelab-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("bundleService", () => {
  it.each(["llm-gateway", "model-sync", "webhook-gate", "keycloak-config"])("bundles %s into one file a ConfigMap can hold", (service) => {
    const bundle = bundleService(service);
    expect(Buffer.byteLength(bundle.code)).toBeLessThan(CONFIGMAP_LIMIT);
    expect(bundle.fileName).toBe(`${service}.mjs`);
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives a new hash when the service's source changes, the same one when it does not", () => {
    const services = join(scratch, "services");
    const source = join(services, "echo", "src");
    mkdirSync(source, { recursive: true });
    cpSync(join(SERVICES_DIR, "model-sync", "bundle.json"), join(services, "echo", "bundle.json"));
    const write = (text: string) => writeFileSync(join(source, "main.ts"), `console.log(${JSON.stringify(text)});\n`);
    write("one");
    const first = bundleService("echo", services);
    expect(bundleService("echo", services).sha256).toBe(first.sha256);
    write("two");
    const second = bundleService("echo", services);
    expect(second.sha256).not.toBe(first.sha256);
    expect(second.code).toContain('"two"');
  });
});
