import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderComponent, resource, resourcesOfType } from "../../render/harness";
import { plain } from "../../render/secret";
import { deliverAtOnce } from "../lib/credentials";
import { EndpointRegistry } from "../lib/endpoints";
import { ElasticLogs, eckOperatorValues, webhookDnsNames } from "./elastic-logs";
import { elasticsearchSpec, kibanaSpec, rolesYml } from "./elasticsearch";
import { fluentBitConfig, fluentBitValues, INDEX_SCRIPT } from "./fluent-bit";

describe("the ECK operator's values", () => {
  const values = eckOperatorValues({ sizing: "lean", managedNamespace: "monitoring" });

  it("take the webhook's certificate from cert-manager and refuse what the webhook cannot check", () => {
    expect(values.webhook).toMatchObject({ enabled: true, manageCerts: false, certManagerCert: "elastic-operator-webhook", certsSecret: "elastic-operator-webhook-cert", failurePolicy: "Fail" });
    expect(webhookDnsNames()).toEqual(["elastic-operator-webhook.elastic-system.svc", "elastic-operator-webhook.elastic-system.svc.cluster.local"]);
  });

  it("watch only the logs' namespace, report nothing home and leave the namespace to the platform", () => {
    expect(values).toMatchObject({ managedNamespaces: ["monitoring"], telemetry: { disabled: true }, global: { createOperatorNamespace: false } });
  });
});

describe("the Elasticsearch and the Kibana", () => {
  it("run one node on a laptop and three on a server, each on a volume that outlives the Elasticsearch", () => {
    const lean = elasticsearchSpec({ sizing: "lean", size: "5Gi", storageClass: "standard" });
    const full = elasticsearchSpec({ sizing: "full", size: "20Gi", storageClass: "local-path" });
    expect([lean.nodeSets[0]!.count, full.nodeSets[0]!.count]).toEqual([1, 3]);
    expect(full.volumeClaimDeletePolicy).toBe("DeleteOnScaledownOnly");
    expect(full.nodeSets[0]!.volumeClaimTemplates[0]!.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, storageClassName: "local-path" });
    // No privileged init container for vm.max_map_count.
    expect(lean.nodeSets[0]!.config).toEqual({ "node.store.allow_mmap": false });
  });

  it("know only the platform's logins, and the shipper may only create and write the log indices", () => {
    expect(elasticsearchSpec({ sizing: "lean", size: "5Gi", storageClass: "standard" }).auth).toEqual({
      fileRealm: [{ secretName: "elasticsearch-admin" }, { secretName: "elasticsearch-shipper" }, { secretName: "elasticsearch-lifecycle" }],
      roles: [{ secretName: "elasticsearch-roles" }],
    });
    expect(JSON.parse(rolesYml())).toEqual({
      log_shipper: { indices: [{ names: ["logs-*", "node-journal-*"], privileges: ["create_index", "create_doc", "auto_configure"] }] },
      log_lifecycle: { cluster: ["manage_ilm", "manage_index_templates"] },
    });
  });

  it("serve Kibana under its public URL, on the Elasticsearch above", () => {
    expect(kibanaSpec("https://kibana.lab.example")).toMatchObject({ count: 1, elasticsearchRef: { name: "logs" }, config: { "server.publicBaseUrl": "https://kibana.lab.example" } });
  });
});

describe("Fluent Bit", () => {
  it("writes one index per app, named as Loki labels the app", () => {
    const config = fluentBitConfig({ host: "logs-es-http", port: 9200 });
    expect(config.outputs).toMatch(/Match kube\.\*[\s\S]*Logstash_Format On[\s\S]*Logstash_Prefix_Key \$es_index/);
    expect(config.filters).toMatch(/Name lua\s+Match kube\.\*\s+script \/fluent-bit\/scripts\/index\.lua\s+call app_index/);
    expect(INDEX_SCRIPT).toContain('labels["app.kubernetes.io/name"] or labels["app"]');
    expect(INDEX_SCRIPT).toContain('"logs-" .. (pod["namespace_name"] or "unknown") .. "-" .. app');
  });

  it("reads the journal only when asked, into its own indices", () => {
    expect(Object.values(fluentBitConfig({ host: "h", port: 9200 })).join("\n")).not.toContain("systemd");
    const journal = fluentBitConfig({ host: "h", port: 9200, nodeJournal: true });
    expect(journal.inputs).toMatch(/Name systemd\s+Tag node\.journal\s/);
    // Either place journald keeps it (on disk, or volatile under /run): a Path would pin one.
    expect(journal.inputs.split("[INPUT]").find((input) => input.includes("Name systemd"))).not.toMatch(/^\s*Path /m);
    expect(journal.outputs).toMatch(/Match node\.journal[\s\S]*Logstash_Prefix node-journal/);
  });

  it("keeps how far it read on the node, so a restarted pod neither loses nor repeats lines", () => {
    const config = fluentBitConfig({ host: "h", port: 9200, nodeJournal: true });
    expect(config.inputs).toMatch(/Name tail[\s\S]*DB \/var\/lib\/fluent-bit\/containers\.db\s+DB\.locking true/);
    expect(config.inputs).toMatch(/Name systemd[\s\S]*DB \/var\/lib\/fluent-bit\/journal\.db/);
  });

  it("mounts the host read-only but for its own position files, and logs in as the shipper", () => {
    const values = fluentBitValues({ sizing: "lean", host: "logs-es-http", port: 9200, credentialsSecret: "elasticsearch-shipper", nodeJournal: true });
    expect(values.daemonSetVolumes.map((v) => v.hostPath.path)).toEqual(["/var/log", "/run/log/journal", "/etc/machine-id", "/var/lib/homelab-fluent-bit"]);
    expect(values.daemonSetVolumeMounts.filter((m) => !("readOnly" in m && m.readOnly))).toEqual([{ name: "positions", mountPath: "/var/lib/fluent-bit" }]);
    expect(values.env).toContainEqual({ name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: "elasticsearch-shipper", key: "password" } } });
  });
});

describe("ElasticLogs", () => {
  async function render() {
    return renderComponent(
      () =>
        new ElasticLogs("elastic-logs", {
          namespace: "monitoring",
          sizing: "lean",
          size: "5Gi",
          retention: "3d",
          storageClass: "standard",
          exposure: { domain: "lab.example", address: "10.0.0.200", endpoints: new EndpointRegistry(), httpsListener: () => "https", gatewayPodHttpsPort: 8443, dependsOn: [] },
          credentials: deliverAtOnce(),
          issuer: { name: "local-ca", ready: new pulumi.ComponentResource("test:index:Issuer", "issuer") },
          dependsOn: [new pulumi.ComponentResource("test:index:Grafana", "grafana")],
        }),
    );
  }

  it("makes the Elasticsearch and the Kibana only once the operator's webhook answers", async () => {
    const recording = await render();
    const elasticsearch = resource(recording, "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "elastic-logs-elasticsearch");
    expect(elasticsearch.options.dependsOn).toEqual(expect.arrayContaining(["elastic-logs-webhook-gate", "elastic-logs-admin-login", "elastic-logs-shipper-login", "elastic-logs-roles"]));
    expect(resource(recording, "kubernetes:kibana.k8s.elastic.co/v1:Kibana", "elastic-logs-kibana").options.dependsOn).toEqual(expect.arrayContaining(["elastic-logs-webhook-gate", "elastic-logs-elasticsearch"]));
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "eck-operator-chart").options.dependsOn).toContain("elastic-logs-webhook-certificate");
  });

  it("delivers both logins as file-realm Secrets and exposes Kibana", async () => {
    const recording = await render();
    const admin = resource(recording, "kubernetes:core/v1:Secret", "elastic-logs-admin-login");
    expect(plain(admin.inputs.stringData, true)).toEqual({ username: "homelab-admin", password: expect.any(String), roles: "superuser" });
    expect(resourcesOfType(recording, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").map((r) => r.name)).toEqual(["kibana-route"]);
  });

  it("sets the indices' lifecycle, as the lifecycle user, before Fluent Bit writes the first", async () => {
    const recording = await render();
    const job = resource(recording, "kubernetes:batch/v1:Job", "elastic-logs-index-lifecycle");
    expect(job.options.dependsOn).toEqual(expect.arrayContaining(["elastic-logs-elasticsearch", "elastic-logs-lifecycle-login"]));
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "fluent-bit-chart").options.dependsOn).toContain("elastic-logs-index-lifecycle");
    const container = (job.inputs.spec as { template: { spec: { containers: { env: { name: string; value?: string; valueFrom?: unknown }[] }[] } } }).template.spec.containers[0]!;
    expect(container.env).toContainEqual({ name: "ES_USER", valueFrom: { secretKeyRef: { name: "elasticsearch-lifecycle", key: "username" } } });
    expect(JSON.parse(container.env.find((e) => e.name === "TEMPLATE")!.value!)).toMatchObject({ index_patterns: ["logs-*", "node-journal-*"], template: { settings: { "index.lifecycle.name": "homelab-logs" } } });
  });

  it("lets the operator reach Elasticsearch and the Gateway reach Kibana, nothing more", async () => {
    const policy = resource(await render(), "kubernetes:networking.k8s.io/v1:NetworkPolicy", "elastic-logs-allow-elastic").inputs.spec as { ingress: { ports: { port: number }[] }[] };
    expect(policy.ingress.map((rule) => rule.ports.map((p) => p.port))).toEqual([[9200], [5601]]);
  });
});
