import { describe, expect, it } from "vitest";
import { madeBy, MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import { Secret } from "../../render/secret";
import { waitsFor } from "../../render/waits-for";
import { parseConfig } from "../config";
import { arangodbEnabled, arangodbSchema } from "./arangodb-config";
import { dataLayer } from "./data";

const ARANGO = "kubernetes:database.arangodb.com/v1:ArangoDeployment";
const EXAMPLES = dataLayer.examples!;

const spec = (r: { inputs: Record<string, unknown> }) => r.inputs.spec as Record<string, unknown>;

describe("ArangoDB on bare metal (full)", async () => {
  const recording = await renderConfig({ ...EXAMPLES["homelab with databases, extensions, clients and a restore"]!, features: { secrets: false } });
  const arangodb = madeBy(recording, "arangodb");
  const waits = waitsFor(recording);

  it("installs the operator and a kept Cluster after it and the delivered root password", () => {
    expect(resource(arangodb, "kubernetes:helm.sh/v4:Chart", "arangodb-operator-chart").inputs).toMatchObject({ chart: "kube-arangodb", version: "1.4.4", namespace: "arangodb" });
    const deployment = resource(arangodb, ARANGO, "arangodb-deployment");
    expect(spec(deployment).mode).toBe("Cluster");
    expect(deployment.options.retainOnDelete).toBe(true);
    expect([...waits(deployment)]).toEqual(expect.arrayContaining(["arangodb-operator-chart", "arangodb-root"]));
    const secret = resource(recording, "kubernetes:core/v1:Secret", "arangodb-root");
    expect((secret.inputs.stringData as Secret).value).toEqual({ username: "root", password: expect.any(String) });
  });

  it("publishes its UI at https://arangodb.<domain> and outputs the root login as a secret", () => {
    const route = resource(arangodb, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "arangodb-route");
    expect(route.inputs).toMatchObject({ metadata: { name: "arangodb", namespace: "arangodb" }, spec: { hostnames: ["arangodb.lab.home.arpa"], rules: [{ backendRefs: [{ name: "arangodb", port: 8529 }] }] } });
    expect((recording.outputs.endpoints as Record<string, string>).arangodb).toBe("https://arangodb.lab.home.arpa");
    expect((recording.outputs.credentials as Record<string, unknown>).arangodb).toEqual({ username: "root", password: expect.any(Secret) });
  });

  it("is scraped: the servers' exporters and the operator", () => {
    const monitors = resourcesOfType(arangodb, "kubernetes:monitoring.coreos.com/v1:PodMonitor").map((m) => (m.inputs.metadata as { name: string }).name);
    expect(monitors.sort()).toEqual(["arangodb-operator", "arangodb-servers"]);
  });
});

describe("ArangoDB on minikube (lean)", () => {
  it("runs a Single server when switched on", async () => {
    const recording = await renderConfig(EXAMPLES["minikube with a database and no backups"]!);
    expect(spec(resource(recording, ARANGO, "arangodb-deployment")).mode).toBe("Single");
  });

  it("is off by default on lean and names a size that does not parse", () => {
    expect(arangodbEnabled(arangodbSchema.parse({}), "lean")).toBe(false);
    expect(arangodbEnabled(arangodbSchema.parse({}), "full")).toBe(true);
    expect(arangodbEnabled(arangodbSchema.parse({ enabled: false }), "full")).toBe(false);
    const lean = parseConfig({ ...MINIKUBE, features: { data: true }, data: { backups: { enabled: false }, arangodb: { size: "lots" } } });
    expect(lean.ok ? [] : lean.problems).toEqual(['homelab:data.arangodb.size: expected a size such as 10Gi; got "lots"']);
  });
});
