import { describe as group, expect, it } from "vitest";
import { RENDERS } from "./test-renders";
import { describe, findModel, validateObject } from "./kubernetes-schemas";
import { isManifest, manifestObject } from "./render-files";

/**
 * Kinds no model package covers. Each needs a reason; a new kind without a schema fails
 * the suite until it is validated or listed here.
 */
const UNMODELLED_KINDS: Readonly<Record<string, string>> = {
};

interface LocalSchemaCase {
  readonly valid: Record<string, unknown>;
  readonly misspelt: Record<string, unknown>;
  readonly problem: string;
}

/** An object as our program writes it, passing, and the same with one field misspelt, failing by name. */
function localSchemaCase(apiVersion: string, kind: string, spec: Record<string, unknown>, misspell: (spec: Record<string, unknown>) => Record<string, unknown>, problem: string): LocalSchemaCase {
  const metadata = { name: "x", namespace: "y" };
  return { valid: { apiVersion, kind, metadata, spec }, misspelt: { apiVersion, kind, metadata, spec: misspell(spec) }, problem: `${kind} y/x: ${problem}` };
}

const ECK_TLS_OFF = { tls: { selfSignedCertificate: { disabled: true } } };

const LOCAL_SCHEMA_CASES: readonly LocalSchemaCase[] = [
  localSchemaCase(
    "elasticsearch.k8s.elastic.co/v1",
    "Elasticsearch",
    {
      version: "9.4.3",
      http: ECK_TLS_OFF,
      auth: { fileRealm: [{ secretName: "admin" }], roles: [{ secretName: "roles" }] },
      volumeClaimDeletePolicy: "DeleteOnScaledownOnly",
      nodeSets: [{ name: "default", count: 1, config: { "node.store.allow_mmap": false }, podTemplate: { spec: {} }, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }] }],
    },
    (spec) => ({ ...spec, nodeSets: [{ name: "default", cont: 1 }] }),
    "/spec/nodeSets/0 must NOT have additional properties: cont",
  ),
  localSchemaCase(
    "kibana.k8s.elastic.co/v1",
    "Kibana",
    { version: "9.4.3", count: 1, elasticsearchRef: { name: "logs" }, http: ECK_TLS_OFF, config: { "server.publicBaseUrl": "https://kibana.example" }, podTemplate: { spec: {} } },
    (spec) => ({ ...spec, http: { tls: { selfSignedCertificates: { disabled: true } } } }),
    "/spec/http/tls must NOT have additional properties: selfSignedCertificates",
  ),
  localSchemaCase(
    "metallb.io/v1beta1",
    "IPAddressPool",
    { addresses: ["192.168.1.240-192.168.1.250"], autoAssign: false },
    (spec) => ({ ...spec, autoAsign: true }),
    "/spec must NOT have additional properties: autoAsign",
  ),
  localSchemaCase(
    "metallb.io/v1beta1",
    "L2Advertisement",
    { ipAddressPools: ["lan"], nodeSelectors: [{ matchLabels: { "kubernetes.io/os": "linux" } }] },
    (spec) => ({ ...spec, ipAddressPool: ["lan"] }),
    "/spec must NOT have additional properties: ipAddressPool",
  ),
  localSchemaCase(
    "k8up.io/v1",
    "Schedule",
    {
      backend: { repoPasswordSecretRef: { name: "backup", key: "password" }, s3: { endpoint: "http://s3:9000", bucket: "backups/volumes/y" } },
      backup: { schedule: "0 3 * * *", successfulJobsHistoryLimit: 2 },
      prune: { schedule: "0 6 * * 0", retention: { keepDaily: 7 } },
      podSecurityContext: { runAsUser: 1000 },
    },
    (spec) => ({ ...spec, prune: { schedule: "0 6 * * 0", retention: { keepDayly: 7 } } }),
    "/spec/prune/retention must NOT have additional properties: keepDayly",
  ),
  localSchemaCase(
    "barmancloud.cnpg.io/v1",
    "ObjectStore",
    {
      retentionPolicy: "7d",
      configuration: { destinationPath: "s3://backups/y/", s3Credentials: { accessKeyId: { name: "s3", key: "id" }, secretAccessKey: { name: "s3", key: "key" } }, wal: { compression: "gzip" } },
    },
    (spec) => ({ ...spec, configuration: { destinationPath: "s3://backups/y/", endpointUrl: "http://s3:9000" } }),
    "/spec/configuration must NOT have additional properties: endpointUrl",
  ),
  localSchemaCase(
    "database.arangodb.com/v1",
    "ArangoDeployment",
    {
      mode: "Single",
      environment: "Development",
      single: { resources: { requests: { cpu: "100m" } }, volumeClaimTemplate: { spec: {} } },
      tls: { caSecretName: "None" },
      externalAccess: { type: "None" },
      bootstrap: { passwordSecretNames: { root: "root" } },
      metrics: { enabled: true, tls: false },
    },
    (spec) => ({ ...spec, single: { resource: { requests: { cpu: "100m" } } } }),
    "/spec/single must NOT have additional properties: resource",
  ),
];

group("validateObject", () => {
  it("accepts a valid object", async () => {
    const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "y" }, data: { a: "b" } };
    expect(await validateObject(configMap)).toEqual({ status: "valid" });
  });

  it("names the kind, the object and the schema error", async () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "apps" },
      spec: { selector: {}, template: { spec: { containers: [{ name: "web", image: 42 }] } } },
    };
    expect(await validateObject(deployment)).toEqual({
      status: "invalid",
      problems: ["Deployment apps/web: /spec/template/spec/containers/0/image must be string"],
    });
  });

  it("validates custom resources from their model packages", async () => {
    const certificate = {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "wildcard", namespace: "gateway" },
      spec: { secretName: "wildcard-tls", issuerRef: { name: "local-ca" }, duration: 90 },
    };
    const result = await validateObject(certificate);
    expect(result).toEqual({ status: "invalid", problems: ["Certificate gateway/wildcard: /spec/duration must be string"] });
    expect(await findModel("gateway.networking.k8s.io/v1", "HTTPRoute")).toBeTypeOf("function");
  });

  it("validates kinds without a package against a schema of our own", async () => {
    const spc = {
      apiVersion: "secrets-store.csi.x-k8s.io/v1",
      kind: "SecretProviderClass",
      metadata: { name: "db", namespace: "shop" },
      spec: { provider: "vault", parameters: { roleName: "platform-shop" }, secretObjects: [{ secretName: "db", type: "Opaque", data: [{ objectName: "password", key: "password" }] }] },
    };
    expect(await validateObject(spc)).toEqual({ status: "valid" });
    const misspelt = { ...spc, spec: { ...spc.spec, parameters: { roleName: 42 }, secretObject: [] } };
    expect(await validateObject(misspelt)).toEqual({
      status: "invalid",
      problems: ["SecretProviderClass shop/db: /spec must NOT have additional properties: secretObject", "SecretProviderClass shop/db: /spec/parameters/roleName must be string"],
    });
  });

  it.each(LOCAL_SCHEMA_CASES)("checks $valid.kind against the fields of its CRD", async ({ valid, misspelt, problem }) => {
    expect(await validateObject(valid)).toEqual({ status: "valid" });
    expect(await validateObject(misspelt)).toEqual({ status: "invalid", problems: [problem] });
  });

  it("says when no package has a schema", async () => {
    expect(await validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toEqual({
      status: "no-schema",
    });
    expect(describe({ kind: "Namespace", metadata: { name: "apps" } })).toBe("Namespace apps");
  });
});

group.each(Object.keys(RENDERS))("every Kubernetes object of %s", (render) => {
  it("is valid against its schema, or its kind is listed as unmodelled", async () => {
    const recording = await RENDERS[render]!();
    const problems: string[] = [];
    for (const resource of recording.resources.filter(isManifest)) {
      const object = manifestObject(resource, true);
      const result = await validateObject(object);
      if (result.status === "invalid") problems.push(...result.problems);
      if (result.status === "no-schema" && !(String(object.kind) in UNMODELLED_KINDS)) {
        problems.push(`${describe(object)}: no model package has a schema for ${String(object.apiVersion)} ${String(object.kind)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
