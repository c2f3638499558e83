import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { connectionFromFiles, connectionFromText, kubeconfigFiles } from "./kubeconfig";

const scratch = mkdtempSync(join(tmpdir(), "homelab-kubeconfig-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, document: unknown): string {
  const file = join(scratch, name);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, typeof document === "string" ? document : stringify(document));
  return file;
}

function kubeconfig(context: string, server: string, user: Record<string, unknown>, current?: string) {
  return {
    "current-context": current,
    clusters: [{ name: `${context}-cluster`, cluster: { server } }],
    users: [{ name: `${context}-user`, user }],
    contexts: [{ name: context, context: { cluster: `${context}-cluster`, user: `${context}-user` } }],
  };
}

describe("which kubeconfig files", () => {
  it("takes the stack's file first, then every file of $KUBECONFIG, then ~/.kube/config", () => {
    expect(kubeconfigFiles("/stack/kubeconfig", { KUBECONFIG: "/a" }, "/home/me")).toEqual(["/stack/kubeconfig"]);
    expect(kubeconfigFiles(undefined, { KUBECONFIG: `/a${delimiter}${delimiter}/b` }, "/home/me")).toEqual(["/a", "/b"]);
    expect(kubeconfigFiles(undefined, {}, "/home/me")).toEqual([join("/home/me", ".kube", "config")]);
  });
});

describe("a context's connection", () => {
  it("merges files as kubectl does: the first to name a context wins, and the first current-context", () => {
    const first = write("merge/first", kubeconfig("minikube", "https://192.168.49.2:8443", { token: "first" }));
    const second = write("merge/second", {
      ...kubeconfig("minikube", "https://elsewhere:6443", { token: "second" }, "default"),
      contexts: [
        { name: "minikube", context: { cluster: "minikube-cluster", user: "minikube-user" } },
        { name: "default", context: { cluster: "minikube-cluster", user: "minikube-user" } },
      ],
    });
    const found = connectionFromFiles([first, join(scratch, "absent"), second], undefined);
    expect(found).toEqual({
      connection: { context: "default", source: `${first}${delimiter}${second}`, server: "https://192.168.49.2:8443", ca: undefined, insecure: false, cert: undefined, key: undefined, token: "first" },
    });
  });

  it("reads certificate and token files relative to the kubeconfig, as minikube writes them", () => {
    write("minikube/ca.crt", "CA PEM");
    write("minikube/profiles/client.crt", "CLIENT PEM");
    write("minikube/profiles/client.key", "KEY PEM");
    write("minikube/token", "tok\n");
    const file = write("minikube/config", {
      ...kubeconfig("minikube", "https://127.0.0.1:32771", { "client-certificate": "profiles/client.crt", "client-key": "profiles/client.key", tokenFile: "token" }),
      clusters: [{ name: "minikube-cluster", cluster: { server: "https://127.0.0.1:32771", "certificate-authority": "ca.crt" } }],
    });
    expect(connectionFromFiles([file], "minikube")).toMatchObject({ connection: { ca: "CA PEM", cert: "CLIENT PEM", key: "KEY PEM", token: "tok" } });
  });

  it("names the file a kubeconfig points at and cannot read", () => {
    const file = write("broken/config", kubeconfig("k", "https://k:6443", { "client-certificate": "/nowhere/client.crt" }));
    expect(connectionFromFiles([file], "k")).toMatchObject({
      problem: { status: "fail", detail: expect.stringMatching(/^context k: k-user's client-certificate \/nowhere\/client\.crt cannot be read/) },
    });
  });

  it("fails without any kubeconfig, naming where it looked", () => {
    expect(connectionFromFiles([join(scratch, "none")], "minikube")).toMatchObject({
      problem: { status: "fail", detail: `no kubeconfig at ${join(scratch, "none")}` },
    });
  });

  it("fails on text that is not a kubeconfig, naming where it came from", () => {
    expect(connectionFromText("- a list", undefined, "the kubeconfig output of stack homelab-metal")).toMatchObject({
      problem: { status: "fail", detail: "the kubeconfig output of stack homelab-metal is not a kubeconfig: expected a YAML map" },
    });
  });

  it("warns on an auth provider, which it does not run", () => {
    const text = stringify(kubeconfig("gke", "https://gke:443", { "auth-provider": { name: "gcp" } }, "gke"));
    expect(connectionFromText(text, undefined, "text")).toMatchObject({ problem: { status: "warn", detail: expect.stringMatching(/auth-provider plugin/) } });
  });
});
