import { describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { allowSpec, apiServerPolicies, platformNamespace, podSecurityLabels } from "./platform-namespace";

describe("platformNamespace", () => {
  it("enforces, audits and warns at the asked level, and writes down why it is not restricted", async () => {
    const recording = await renderComponent(() =>
      platformNamespace("storage", { podSecurity: { level: "privileged", reason: "hostPath volumes" } }, {}),
    );
    expect(resource(recording, "kubernetes:core/v1:Namespace", "storage-namespace").inputs.metadata).toEqual({
      name: "storage",
      labels: {
        "pod-security.kubernetes.io/enforce": "privileged",
        "pod-security.kubernetes.io/audit": "privileged",
        "pod-security.kubernetes.io/warn": "privileged",
      },
      annotations: { "homelab/pod-security-reason": "hostPath volumes" },
    });
  });

  it("denies all traffic by default, then allows exactly what was asked, after the namespace exists", async () => {
    const recording = await renderComponent(() =>
      platformNamespace("apps", { podSecurity: { level: "restricted" }, allow: [{ kind: "from-gateway", ports: [8080] }] }, {}),
    );
    const deny = resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "apps-default-deny");
    expect(deny.inputs.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(deny.options.dependsOn).toEqual(["apps-namespace"]);
    const allow = resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "apps-allow");
    expect((allow.inputs.spec as { ingress: unknown }).ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "traefik" } } }], ports: [{ protocol: "TCP", port: 8080 }] },
    ]);
    expect(allow.options.dependsOn).toEqual(["apps-namespace"]);
  });

  it("admits namespaces that opt in with a label, and lets a client namespace carry that label", async () => {
    const label = { key: "homelab/s3-client", value: "true" };
    const recording = await renderComponent(() => {
      platformNamespace("store", { podSecurity: { level: "restricted" }, allow: [{ kind: "from-labelled-namespaces", label, ports: [8333] }] }, {});
      platformNamespace("backup", { podSecurity: { level: "restricted" }, optIns: [label] }, {});
    });
    expect((resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "store-allow").inputs.spec as { ingress: unknown }).ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "homelab/s3-client": "true" } } }], ports: [{ protocol: "TCP", port: 8333 }] },
    ]);
    expect((resource(recording, "kubernetes:core/v1:Namespace", "backup-namespace").inputs.metadata as { labels: object }).labels).toMatchObject({ "homelab/s3-client": "true" });
  });

  it("keeps a namespace that holds data on destroy, and only such a one", async () => {
    const recording = await renderComponent(() => {
      platformNamespace("data", { podSecurity: { level: "restricted" }, holdsData: true }, {});
      platformNamespace("stateless", { podSecurity: { level: "restricted" } }, {});
    });
    expect(resource(recording, "kubernetes:core/v1:Namespace", "data-namespace").options.retainOnDelete).toBe(true);
    expect(resource(recording, "kubernetes:core/v1:Namespace", "stateless-namespace").options.retainOnDelete).toBe(false);
  });

  it("publishes the platform CA when given one", async () => {
    const recording = await renderComponent(() =>
      platformNamespace("apps", { podSecurity: { level: "restricted" }, caCertificate: "-----BEGIN CERTIFICATE-----" }, {}),
    );
    expect(resource(recording, "kubernetes:core/v1:ConfigMap", "apps-platform-ca").inputs).toMatchObject({
      metadata: { name: "platform-ca", namespace: "apps" },
      data: { "ca.crt": "-----BEGIN CERTIFICATE-----" },
    });
  });
});

describe("allowSpec", () => {
  const dns = {
    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
  };

  it("always allows DNS and nothing else by default", () => {
    expect(allowSpec("apps", [])).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [dns] });
  });

  it("turns each allow into its rule", () => {
    const spec = allowSpec("apps", [
      { kind: "api-server" },
      { kind: "from-gateway", ports: [3000] },
      { kind: "from-anywhere", ports: [9443] },
      { kind: "from-namespace", namespace: "llm", ports: [11434] },
      { kind: "to-namespace", namespace: "data" },
      { kind: "within-namespace" },
      { kind: "to-cluster-pods" },
      { kind: "to-internet", ports: [443] },
      { kind: "to-nodes", ports: [10250] },
    ]);
    const inNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
    expect(spec.ingress).toEqual([
      { from: [inNamespace("traefik")], ports: [{ protocol: "TCP", port: 3000 }] },
      { ports: [{ protocol: "TCP", port: 9443 }] },
      { from: [inNamespace("llm")], ports: [{ protocol: "TCP", port: 11434 }] },
      { from: [{ podSelector: {} }] },
    ]);
    expect(spec.egress).toEqual([
      dns,
      {
        to: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => ({ ipBlock: { cidr } })),
        ports: [443, 6443, 8443].map((port) => ({ protocol: "TCP", port })),
      },
      { to: [inNamespace("data")] },
      { to: [inNamespace("apps")] },
      { to: [{ namespaceSelector: {} }] },
      {
        to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] } }],
        ports: [{ protocol: "TCP", port: 443 }],
      },
      { to: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 10250 }] },
    ]);
  });

  it("opens the whole LAN on a port, or only the servers it names", () => {
    const spec = allowSpec("apps", [{ kind: "to-lan", ports: [8000] }, { kind: "to-lan", ports: [8080], addresses: ["192.168.1.20/32"] }]);
    expect((spec.egress as unknown[]).slice(1)).toEqual([
      { to: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 8000 }] },
      { to: [{ ipBlock: { cidr: "192.168.1.20/32" } }], ports: [{ protocol: "TCP", port: 8080 }] },
    ]);
  });

  it("lets a server that answers over UDP too (DNS) in on both protocols", () => {
    expect(allowSpec("dns", [{ kind: "from-anywhere", ports: [1053], protocols: ["UDP", "TCP"] }]).ingress).toEqual([
      { ports: [{ protocol: "UDP", port: 1053 }, { protocol: "TCP", port: 1053 }] },
    ]);
  });

  it("leaves an API allow that names its pods out of the namespace-wide policy", () => {
    expect(allowSpec("apps", [{ kind: "api-server", pods: { app: "sync" } }]).egress).toEqual([dns]);
  });
});

describe("apiServerPolicies", () => {
  it("gives each API allow that names pods a policy selecting only those pods", () => {
    expect(apiServerPolicies([{ kind: "api-server", pods: { app: "sync" } }, { kind: "api-server" }, { kind: "within-namespace" }])).toEqual([
      {
        name: "allow-api-server-sync",
        spec: {
          podSelector: { matchLabels: { app: "sync" } },
          policyTypes: ["Egress"],
          egress: [
            {
              to: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => ({ ipBlock: { cidr } })),
              ports: [443, 6443, 8443].map((port) => ({ protocol: "TCP", port })),
            },
          ],
        },
      },
    ]);
  });

  it("renders those policies in the namespace, after it", async () => {
    const recording = await renderComponent(() =>
      platformNamespace("apps", { podSecurity: { level: "restricted" }, allow: [{ kind: "api-server", pods: { "cnpg.io/cluster": "apps-db" } }] }, {}),
    );
    const policy = resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "apps-allow-api-server-apps-db");
    expect(policy.inputs.metadata).toEqual({ name: "allow-api-server-apps-db", namespace: "apps" });
    expect(policy.options.dependsOn).toEqual(["apps-namespace"]);
  });
});

describe("podSecurityLabels", () => {
  it("sets the three modes to one level", () => {
    expect(Object.values(podSecurityLabels({ level: "restricted" }))).toEqual(["restricted", "restricted", "restricted"]);
  });
});
