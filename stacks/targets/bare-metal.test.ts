import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";
import { parseConfig, type HomelabConfig } from "../config";
import { ConfigError } from "../config-problems";
import { bareMetal } from "./bare-metal";
import type { Target } from "./target";

/** What the bare-metal target answers, given the outputs of the stack that built the cluster. */

const metal = {
  kubeconfig: new Secret("apiVersion: v1\nkind: Config\n"),
  apiServer: "https://10.0.10.10:6443",
  apiVip: "10.0.10.10",
  nodeNetwork: "10.0.10.0/24",
  nodes: [
    { name: "server-1", role: "server", address: "10.0.10.11" },
    { name: "gpu-1", role: "gpu", address: "10.0.10.31" },
  ],
  gpuNodes: ["gpu-1"],
};

function platformConfig(values: Record<string, unknown> = {}): HomelabConfig {
  const result = parseConfig({
    target: "bare-metal",
    domain: "lab.home.arpa",
    cluster: { stack: "homelab-metal" },
    loadBalancer: { pools: [{ name: "default", addresses: ["10.0.10.200-10.0.10.239"] }] },
    ...values,
  });
  if (!result.ok || !("config" in result)) throw new Error(`test config is not a platform config: ${JSON.stringify(result)}`);
  return { ...result.config, secrets: {} };
}

async function connect(config: HomelabConfig, outputs: Record<string, unknown> = metal): Promise<Target> {
  let target: Target | undefined;
  await runUnderMocks(
    async () => {
      target = await bareMetal.connect(config);
    },
    { project: "homelab", stack: "homelab", config: {}, stackReferences: new Map([["homelab-metal", outputs]]) },
  );
  return target!;
}

describe("bare-metal target", () => {
  it("answers with MetalLB, a local-path class the system layer installs, no RWX and no GPU by default", async () => {
    const target = await connect(platformConfig());
    expect({ ...target, provider: undefined, kubeconfig: undefined }).toEqual({
      name: "bare-metal",
      provider: undefined,
      kubeconfig: undefined,
      loadBalancer: "metallb",
      storage: { rwo: { className: "local-path", provisioner: "local-path" } },
      gpu: "none",
      sizing: "full",
    });
    expect(await pulumi.isSecret(target.kubeconfig!)).toBe(true);
  });

  it("answers LINSTOR, NFS for RWX and the GPU operator when the stack asks and the cluster has a GPU node", async () => {
    const target = await connect(
      platformConfig({ storage: { rwo: "linstor", nfs: { server: "nas.lan", path: "/k8s" } }, features: { gpu: true }, sizing: "lean" }),
    );
    expect(target.storage).toEqual({
      rwo: { className: "linstor", provisioner: "linstor" },
      rwx: { className: "nfs-client", provisioner: "nfs" },
    });
    expect([target.gpu, target.sizing]).toEqual(["gpu-operator", "lean"]);
  });

  it("refuses a Piraeus manifest when the RWO class is not LINSTOR, naming what was chosen", async () => {
    const error = await connect(platformConfig({ storage: { rwo: "local-path", piraeusManifest: "https://mirror.lan/piraeus/manifest.yaml" } })).catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual(["homelab:storage.piraeusManifest: only read with storage.rwo linstor; got storage.rwo local-path"]);
  });

  it("refuses a GPU and a pool outside the node network before creating anything", async () => {
    const config = platformConfig({
      features: { gpu: true },
      loadBalancer: { pools: [{ name: "default", addresses: ["10.0.20.200-10.0.20.239"] }] },
    });
    const error = await connect(config, { ...metal, gpuNodes: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "homelab:loadBalancer.pools[0].addresses[0]: 10.0.20.200-10.0.20.239 is outside 10.0.10.0/24, the node network of stack homelab-metal; MetalLB answers ARP only there",
      "homelab:features.gpu: stack homelab-metal has no GPU node (homelab:cluster.gpuNode there); add one there or turn this off",
    ]);
  });

  it("refuses LINSTOR on a one-node cluster, whose volumes could never get their second copy", async () => {
    const error = await connect(platformConfig({ storage: { rwo: "linstor" } }), { ...metal, nodes: metal.nodes.slice(0, 1) }).catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual([
      "homelab:storage.rwo: linstor replicates every volume on 2 nodes, but stack homelab-metal has 1; use local-path or add nodes",
    ]);
  });

  it("says to deploy the metal stack first when it has no outputs yet", async () => {
    const error = await connect(platformConfig(), {}).catch((e: unknown) => e);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "stack homelab-metal has no output apiServer, apiVip, nodeNetwork, nodes, gpuNodes, kubeconfig: " +
        "deploy it first with `pulumi up -s homelab-metal`, then this stack",
    );
  });

  it("refuses a referenced stack whose outputs are not those of a cluster builder", async () => {
    const error = await connect(platformConfig(), { ...metal, nodeNetwork: "somewhere" }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^stack homelab-metal does not have the outputs of a stack that builds the cluster \(nodeNetwork: /);
  });
});
