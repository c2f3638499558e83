import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeKube } from "../testing/fake-kube.ts";
import { selfSignedCert } from "../testing/self-signed-cert.ts";
import { makeTempDir } from "../testing/temp-dir.ts";
import { ConfigMapStore } from "./configmap-store.ts";
import { KubeApi } from "./kube-api.ts";
import { MANAGED_MODELS_KEY } from "./managed-models.ts";

const models = new Map([
  ["qwen3:0.6b", { name: "qwen3:0.6b" }],
  ["mario:latest", { name: "mario", fingerprint: "sha256:abc" }],
]);

describe("ConfigMapStore", () => {
  let kube: FakeKube;
  beforeEach(async () => {
    kube = await FakeKube.start();
  });
  afterEach(() => kube.close());

  const store = async (serviceAccountDir = kube.serviceAccountDir) =>
    new ConfigMapStore(await KubeApi.inCluster({ host: "127.0.0.1", port: kube.port, serviceAccountDir }), "model-sync-state");

  it("starts empty, creates the ConfigMap on the first save and updates it after", async () => {
    const first = await store();
    expect(await first.load()).toEqual(new Map());
    await first.save(new Map([["qwen3:0.6b", { name: "qwen3:0.6b" }]]));
    await first.save(models);

    expect(kube.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/v1/namespaces/llm/configmaps/model-sync-state",
      "POST /api/v1/namespaces/llm/configmaps",
      "PUT /api/v1/namespaces/llm/configmaps/model-sync-state",
    ]);
    const stored = kube.configMaps.get("model-sync-state");
    expect(stored?.metadata).toMatchObject({ namespace: "llm", labels: { "app.kubernetes.io/managed-by": "model-sync" } });
    expect(Object.keys(stored?.data ?? {})).toEqual([MANAGED_MODELS_KEY]);
    expect(await (await store()).load()).toEqual(models);
  });

  it("keeps what others put in the ConfigMap", async () => {
    const first = await store();
    await first.load();
    await first.save(models);
    const stored = kube.configMaps.get("model-sync-state")!;
    kube.configMaps.set("model-sync-state", { ...stored, data: { ...stored.data, note: "kept" } });

    const second = await store();
    await second.load();
    await second.save(new Map());
    expect(kube.configMaps.get("model-sync-state")?.data?.note).toBe("kept");
  });

  it("fails on a concurrent change instead of overwriting it", async () => {
    const [a, b] = [await store(), await store()];
    await a.load();
    await a.save(models);
    await a.load();
    await b.load();
    await a.save(new Map());
    await expect(b.save(models)).rejects.toThrow(
      /^cannot update ConfigMap llm\/model-sync-state: Kubernetes answered 409: Operation cannot be fulfilled .* \(another model-sync run changed it meanwhile; run the Job again\)$/,
    );
  });

  it("passes on the API server's words when the Role lacks a verb", async () => {
    await kube.close();
    kube = await FakeKube.start({ forbidden: ["create"] });
    const denied = await store();
    await denied.load();
    await expect(denied.save(models)).rejects.toThrow(
      'cannot create ConfigMap llm/model-sync-state: Kubernetes answered 403: configmaps "model-sync-state" is forbidden: User "system:serviceaccount:llm:model-sync" cannot create resource "configmaps"',
    );
  });

  it("trusts only the service account's CA", async () => {
    const other = await makeTempDir("other-ca");
    try {
      await cp(kube.serviceAccountDir, other.path, { recursive: true });
      await writeFile(join(other.path, "ca.crt"), (await selfSignedCert(other.path)).cert);
      await expect((await store(other.path)).load()).rejects.toThrow(/^Kubernetes API GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/llm\/configmaps\/model-sync-state failed: self-signed certificate$/);
    } finally {
      await other.remove();
    }
  });

  it("says which file is missing when no service account is mounted", async () => {
    await expect(KubeApi.inCluster({ host: "127.0.0.1", port: kube.port, serviceAccountDir: "/nonexistent" })).rejects.toThrow(
      /^cannot read the service account's (ca\.crt|namespace) at \/nonexistent\/\1 \(ENOENT.*\); is the token mounted/,
    );
  });
});
