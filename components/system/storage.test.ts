import { describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { waitsFor } from "../../render/waits-for";
import { Linstor, linstorClusterValues, PIRAEUS_MANIFEST_URL } from "./linstor";
import { LocalPathProvisioner, localPathConfig } from "./local-path-provisioner";
import { nfsProvisionerValues } from "./nfs-provisioner";

describe("LINSTOR", () => {
  it("makes its custom resources (the cluster chart) only once the Piraeus webhook accepts them", async () => {
    const recording = await renderComponent(() => new Linstor("linstor", { className: "linstor-replicated", sizing: "full" }));
    const gate = resource(recording, "kubernetes:batch/v1:Job", "linstor-webhook-gate-job");
    expect(gate.options.dependsOn).toContain("linstor-operator");
    expect(waitsFor(recording)(resource(recording, "kubernetes:helm.sh/v4:Chart", "linstor-chart"))).toContain("linstor-webhook-gate-job");
    expect(resource(recording, "kubernetes:yaml/v2:ConfigFile", "linstor-operator").inputs.file).toBe(PIRAEUS_MANIFEST_URL);
  });

  it("takes the operator's manifest from the stack file when given (storage.piraeusManifest)", async () => {
    const mirror = "https://mirror.lan/piraeus/manifest.yaml";
    const recording = await renderComponent(() => new Linstor("linstor", { className: "linstor-replicated", sizing: "full", operatorManifest: mirror }));
    expect(resource(recording, "kubernetes:yaml/v2:ConfigFile", "linstor-operator").inputs.file).toBe(mirror);
  });
});

describe("local-path provisioner", () => {
  it("keeps volumes on each node, or in one shared directory that serves ReadWriteMany", () => {
    expect(JSON.parse(localPathConfig({}))).toEqual({
      nodePathMap: [{ node: "DEFAULT_PATH_FOR_NON_LISTED_NODES", paths: ["/var/lib/homelab/local-path"] }],
    });
    expect(JSON.parse(localPathConfig({ sharedPath: "/srv/shared" }))).toEqual({ nodePathMap: [], sharedFileSystemPath: "/srv/shared" });
  });

  it("runs under its own provisioner name and becomes the default class when asked", async () => {
    const recording = await renderComponent(
      () => new LocalPathProvisioner("local-path", { className: "local-path", provisionerName: "rancher.io/local-path", namespace: "local-path-storage", defaultClass: true, sizing: "full" }),
    );
    expect(resource(recording, "kubernetes:storage.k8s.io/v1:StorageClass", "local-path-class").inputs).toMatchObject({
      metadata: { name: "local-path", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "rancher.io/local-path",
      volumeBindingMode: "WaitForFirstConsumer",
    });
    const deployment = resource(recording, "kubernetes:apps/v1:Deployment", "local-path-deployment");
    const container = (deployment.inputs.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]!;
    expect(container.env).toContainEqual({ name: "PROVISIONER_NAME", value: "rancher.io/local-path" });
    expect(deployment.options.dependsOn).toEqual(["local-path-storage-namespace", "local-path-sa", "local-path-config"]);
  });
});

describe("LINSTOR", () => {
  it("pools a thin file on each node and replicates every volume on two nodes by default", () => {
    const values = linstorClusterValues({ className: "linstor-replicated", sizing: "full" });
    expect(values.linstorSatelliteConfigurations[0]!.storagePools).toEqual([{ name: "pool1", fileThinPool: { directory: "/var/lib/piraeus-datastore/pool1" } }]);
    expect(values.storageClasses).toEqual([
      {
        name: "linstor-replicated",
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        parameters: { "linstor.csi.linbit.com/storagePool": "pool1", "linstor.csi.linbit.com/placementCount": "2" },
      },
    ]);
  });
});

describe("NFS provisioner", () => {
  it("archives rather than deletes a released volume", () => {
    expect(nfsProvisionerValues({ className: "nfs-client", server: "nas.lan", path: "/export/k8s", sizing: "full" })).toMatchObject({
      nfs: { server: "nas.lan", path: "/export/k8s" },
      storageClass: { name: "nfs-client", defaultClass: false, archiveOnDelete: true },
    });
  });
});
