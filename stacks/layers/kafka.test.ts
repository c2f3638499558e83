import { describe, expect, it } from "vitest";
import { madeBy, renderConfig, resource, resourcesOfType } from "../../render/harness";
import { Secret } from "../../render/secret";
import { waitsFor } from "../../render/waits-for";
import { dataLayer } from "./data";

const STRIMZI = (kind: string) => `kubernetes:kafka.strimzi.io/v1:${kind}`;
const CHART = "kubernetes:helm.sh/v4:Chart";
const EXAMPLES = dataLayer.examples!;
const HOMELAB = EXAMPLES["homelab with Kafka, its topics, users and clients"]!;
const MINIKUBE = EXAMPLES["minikube with Kafka and no single sign-on"]!;

const spec = (r: { inputs: Record<string, unknown> }) => r.inputs.spec as Record<string, any>;
const metadata = (r: { inputs: Record<string, unknown> }) => r.inputs.metadata as { name: string; namespace?: string; labels?: Record<string, string> };

describe("Kafka on bare metal, with single sign-on and Vault", async () => {
  const recording = await renderConfig(HOMELAB);
  const data = madeBy(recording, "data");
  const waits = waitsFor(recording);

  it("runs three combined controller and broker nodes on claims the platform keeps", () => {
    const pool = resource(data, STRIMZI("KafkaNodePool"), "kafka-node-pool");
    expect(spec(pool)).toMatchObject({ replicas: 3, roles: ["controller", "broker"], storage: { size: "20Gi", deleteClaim: false } });
    for (const id of [0, 1, 2]) {
      const claim = resource(data, "kubernetes:core/v1:PersistentVolumeClaim", `data-kafka-dual-${id}`);
      expect(claim.options.retainOnDelete).toBe(true);
      expect(waits(pool)).toContain(`data-kafka-dual-${id}`);
    }
  });

  it("makes every Strimzi resource wait for the operator's chart, whose CRDs it needs", () => {
    const strimziResources = data.resources.filter((r) => r.type.startsWith("kubernetes:kafka.strimzi.io/"));
    expect(strimziResources.map((r) => r.inputs.kind).sort()).toEqual(["Kafka", "KafkaNodePool", "KafkaTopic", "KafkaTopic", "KafkaUser", "KafkaUser", "KafkaUser"]);
    for (const r of strimziResources) expect(waits(r), r.name).toContain("strimzi-chart");
    expect(resource(data, CHART, "strimzi-chart").inputs).toMatchObject({ chart: "oci://quay.io/strimzi-helm/strimzi-kafka-operator", version: "1.2.0", namespace: "strimzi" });
  });

  it("takes the listeners' certificate from the platform CA, for the LAN names and the in-cluster Services", () => {
    const certificate = resource(data, "kubernetes:cert-manager.io/v1:Certificate", "kafka-listener-certificate");
    expect(spec(certificate).issuerRef).toEqual({ kind: "ClusterIssuer", name: "local-ca" });
    expect(spec(certificate).dnsNames).toEqual(expect.arrayContaining(["kafka.lab.home.arpa", "kafka-2.lab.home.arpa", "kafka-kafka-bootstrap.kafka.svc"]));
    expect(waits(resource(data, STRIMZI("Kafka"), "kafka-cluster"))).toContain("kafka-listener-certificate");
  });

  it("declares the topics with copies capped by the brokers and the retention given", () => {
    expect(spec(resource(data, STRIMZI("KafkaTopic"), "kafka-topic-orders"))).toEqual({ partitions: 6, replicas: 3, config: { "min.insync.replicas": 2, "retention.ms": 604_800_000 } });
    expect(spec(resource(data, STRIMZI("KafkaTopic"), "kafka-topic-audit.events"))).toMatchObject({ partitions: 3, replicas: 2 });
  });

  it("delivers each user's generated password from Vault to the Secret the KafkaUser reads", () => {
    const user = resource(data, STRIMZI("KafkaUser"), "kafka-user-shop");
    expect(spec(user).authentication.password.valueFrom.secretKeyRef).toEqual({ name: "kafka-user-shop-password", key: "password" });
    const delivered = resourcesOfType(recording, "kubernetes:external-secrets.io/v1:ExternalSecret").map((e) => metadata(e));
    expect(delivered).toContainEqual(expect.objectContaining({ name: "kafka-user-shop-password", namespace: "kafka" }));
    expect(waits(user)).toContain("kafka-user-shop-credential");
  });

  it("routes the LAN's TLS by server name on the kafka entry point, passed through to the brokers", () => {
    const route = resource(data, "kubernetes:traefik.io/v1alpha1:IngressRouteTCP", "kafka-lan-route");
    expect(spec(route)).toMatchObject({ entryPoints: ["kafka"], tls: { passthrough: true } });
    expect(spec(route).routes.map((r: { match: string; services: { name: string }[] }) => [r.match, r.services[0]!.name])).toEqual([
      ["HostSNI(`kafka.lab.home.arpa`)", "kafka-kafka-external-bootstrap"],
      ["HostSNI(`kafka-0.lab.home.arpa`)", "kafka-dual-external-0"],
      ["HostSNI(`kafka-1.lab.home.arpa`)", "kafka-dual-external-1"],
      ["HostSNI(`kafka-2.lab.home.arpa`)", "kafka-dual-external-2"],
    ]);
  });

  it("outputs the LAN bootstrap, the brokers' names, the in-cluster bootstrap and each user's login", () => {
    expect(recording.outputs.kafka).toEqual({
      bootstrap: "kafka.lab.home.arpa:9094",
      brokers: ["kafka-0.lab.home.arpa:9094", "kafka-1.lab.home.arpa:9094", "kafka-2.lab.home.arpa:9094"],
      inClusterBootstrap: "kafka-kafka-bootstrap.kafka.svc:9093",
      users: { shop: { username: "shop", password: expect.any(Secret) }, auditor: { username: "auditor", password: expect.any(Secret) } },
    });
  });

  it("gives each broker's LAN name a hosts line, as the bootstrap name has", () => {
    const lines = recording.outputs.hostsEntries as string[];
    const address = lines.find((line) => line.endsWith(" kafka.lab.home.arpa"))!.split(" ")[0];
    expect(lines).toEqual(expect.arrayContaining([0, 1, 2].map((id) => `${address} kafka-${id}.lab.home.arpa`)));
  });

  it("lets in the granted clients and Kafka UI on the in-cluster listener, Traefik on the LAN one, nobody else", () => {
    const policy = resource(data, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "kafka-allow");
    const ingress = spec(policy).ingress as { from?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[];
    const admitted = ingress.flatMap((rule) => (rule.from ?? []).map((peer) => [peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"], (rule.ports ?? []).map((p) => p.port)]));
    expect(admitted).toEqual(
      expect.arrayContaining([
        ["shop", [9093]],
        ["kafka-ui", [9093]],
        ["traefik", [9094]],
        ["strimzi", [9090, 9091, 8443]],
      ]),
    );
    expect(admitted.filter(([, ports]) => (ports as number[]).includes(9093)).map(([ns]) => ns).sort()).toEqual(["kafka-ui", "shop"]);
  });

  it("puts Kafka UI behind Keycloak: users browse, admins manage", () => {
    const values = resource(data, CHART, "kafka-ui-chart").inputs.values as { yamlApplicationConfig: Record<string, any>; envs: Record<string, unknown> };
    expect(values.yamlApplicationConfig.auth).toMatchObject({ type: "OAUTH2", oauth2: { client: { keycloak: { clientId: "kafka-ui", "custom-params": { "roles-field": "groups" } } } } });
    const roles = values.yamlApplicationConfig.rbac.roles as { name: string; permissions: { resource: string; actions: unknown }[] }[];
    expect(roles.find((r) => r.name === "users")!.permissions).toContainEqual({ resource: "topic", value: ".*", actions: ["view", "messages_read"] });
    expect(roles.find((r) => r.name === "admins")!.permissions).toContainEqual({ resource: "topic", value: ".*", actions: "all" });
    expect(recording.outputs.endpoints).toMatchObject({ kafka: "https://kafka.lab.home.arpa" });
    expect((recording.outputs.credentials as Record<string, unknown>)["kafka-ui"]).toBeUndefined();
  });
});

describe("Kafka on minikube without single sign-on", async () => {
  const recording = await renderConfig(MINIKUBE);
  const data = madeBy(recording, "data");

  it("runs one node that advertises the bootstrap name itself", () => {
    expect(spec(resource(data, STRIMZI("KafkaNodePool"), "kafka-node-pool")).replicas).toBe(1);
    expect((recording.outputs.kafka as { brokers: string[] }).brokers).toEqual(["kafka.homelab.test:9094"]);
    const route = resource(data, "kubernetes:traefik.io/v1alpha1:IngressRouteTCP", "kafka-lan-route");
    expect(spec(route).routes).toEqual([{ match: "HostSNI(`kafka.homelab.test`)", services: [{ name: "kafka-kafka-external-bootstrap", port: 9094 }] }]);
  });

  it("keeps Kafka UI behind a login form with a generated password", () => {
    const values = resource(data, CHART, "kafka-ui-chart").inputs.values as { yamlApplicationConfig: Record<string, any> };
    expect(values.yamlApplicationConfig.auth).toEqual({ type: "LOGIN_FORM" });
    expect((recording.outputs.credentials as Record<string, unknown>)["kafka-ui"]).toEqual({ username: "admin", password: expect.any(Secret) });
  });
});
