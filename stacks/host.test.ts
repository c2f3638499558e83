import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiServerOf, thisMachine } from "./host";

const MINIKUBE = `
apiVersion: v1
kind: Config
current-context: minikube
contexts:
  - name: minikube
    context: { cluster: minikube, user: minikube }
  - name: default
    context: { cluster: k3s, user: k3s }
clusters:
  - name: minikube
    cluster: { server: "https://192.168.49.2:8443" }
  - name: k3s
    cluster: { server: "https://127.0.0.1:6443" }
`;

describe("apiServerOf", () => {
  it("follows the context to its cluster's server", () => {
    expect(apiServerOf([MINIKUBE], "default")).toBe("https://127.0.0.1:6443");
  });

  it("uses the current context when none is named", () => {
    expect(apiServerOf([MINIKUBE])).toBe("https://192.168.49.2:8443");
  });

  it("lets the first file that names a cluster win, as kubectl merges", () => {
    const other = "clusters:\n  - name: minikube\n    cluster: { server: 'https://10.0.0.1:8443' }\n";
    expect(apiServerOf([other, MINIKUBE], "minikube")).toBe("https://10.0.0.1:8443");
  });

  it("answers nothing for a context it does not know, or no kubeconfig at all", () => {
    expect(apiServerOf([MINIKUBE], "kind-kind")).toBeUndefined();
    expect(apiServerOf([], "minikube")).toBeUndefined();
  });
});

describe("thisMachine", () => {
  it("reads the kubeconfig file the stack names", () => {
    const file = join(mkdtempSync(join(tmpdir(), "host-")), "config");
    writeFileSync(file, MINIKUBE);
    const host = thisMachine();
    expect(host.os).toBe(process.platform);
    expect(host.apiServer({ context: "minikube", kubeconfig: file })).toBe("https://192.168.49.2:8443");
  });

  it("names the kubeconfig it cannot read", () => {
    const file = join(mkdtempSync(join(tmpdir(), "host-")), "config");
    writeFileSync(file, "clusters: [unclosed\n");
    expect(() => thisMachine().apiServer({ kubeconfig: file })).toThrow(`cannot read the kubeconfig (${file}): `);
  });
});
