import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { validateObject } from "../../render/kubernetes-schemas";
import { kubeVipManifest, kubeVipObjects } from "./kube-vip";
import { KUBE_VIP_IMAGE } from "./versions";

describe("kube-vip", () => {
  const objects = kubeVipObjects({ vip: "10.0.10.10" });
  const daemonSet = objects.find((o) => o.kind === "DaemonSet") as {
    spec: { template: { spec: { nodeSelector: unknown; hostNetwork: boolean; containers: { image: string; env: { name: string; value?: string }[] }[] } } };
  };
  const env = Object.fromEntries(daemonSet.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));

  it("holds the API VIP by ARP with leader election, on the servers, with the pinned image", () => {
    expect(env).toMatchObject({ address: "10.0.10.10", port: "6443", vip_arp: "true", cp_enable: "true", vip_leaderelection: "true" });
    expect(env.svc_enable).toBe("false");
    expect(env).not.toHaveProperty("vip_interface");
    expect(daemonSet.spec.template.spec.hostNetwork).toBe(true);
    expect(daemonSet.spec.template.spec.nodeSelector).toEqual({ "node-role.kubernetes.io/control-plane": "true" });
    expect(daemonSet.spec.template.spec.containers[0]!.image).toBe(KUBE_VIP_IMAGE);
  });

  it("is made of objects valid against the Kubernetes schemas", async () => {
    expect(objects.map((o) => o.kind)).toEqual(["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "DaemonSet"]);
    for (const object of objects) expect(await validateObject(object)).toEqual({ status: "valid" });
  });

  it("writes one plain YAML document per object, without anchors", () => {
    const text = kubeVipManifest({ vip: "10.0.10.10" });
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual(objects);
    expect(text).not.toMatch(/[&*]a\d/);
  });
});
