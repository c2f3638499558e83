/**
 * Validates rendered Kubernetes objects against the schemas of the maintained model
 * packages: the core API from `kubernetes-models`, custom resources from
 * `@kubernetes-models/*` where a package exists for the CRD, and a few CRDs without a
 * package against schemas of our own (`render/schemas/`).
 */

import { Ajv } from "ajv";
import { ARANGO_DEPLOYMENT_SCHEMA } from "./schemas/arango-deployment";
import { ELASTICSEARCH_SCHEMA } from "./schemas/elasticsearch";
import { IP_ADDRESS_POOL_SCHEMA } from "./schemas/ip-address-pool";
import { KIBANA_SCHEMA } from "./schemas/kibana";
import { L2_ADVERTISEMENT_SCHEMA } from "./schemas/l2-advertisement";
import { OBJECT_STORE_SCHEMA } from "./schemas/object-store";
import { SCHEDULE_SCHEMA } from "./schemas/schedule";
import { SECRET_PROVIDER_CLASS_SCHEMA } from "./schemas/secret-provider-class";

/** Packages searched in order; each exports `<apiVersion>` modules holding one class per kind. */
const MODEL_PACKAGES = [
  "kubernetes-models",
  "@kubernetes-models/cert-manager",
  "@kubernetes-models/gateway-api",
  "@kubernetes-models/traefik",
  "@kubernetes-models/prometheus-operator",
  "@kubernetes-models/cloudnative-pg",
  "@kubernetes-models/external-secrets",
  "@kubernetes-models/strimzi-kafka-operator",
  "@kubernetes-models/keda",
] as const;

/**
 * Kinds no model package covers, checked against a schema of our own from the CRD's
 * fields (see each schema's file), keyed `<apiVersion> <kind>`.
 */
const LOCAL_SCHEMAS: Readonly<Record<string, object>> = {
  "secrets-store.csi.x-k8s.io/v1 SecretProviderClass": SECRET_PROVIDER_CLASS_SCHEMA,
  "elasticsearch.k8s.elastic.co/v1 Elasticsearch": ELASTICSEARCH_SCHEMA,
  "kibana.k8s.elastic.co/v1 Kibana": KIBANA_SCHEMA,
  "metallb.io/v1beta1 IPAddressPool": IP_ADDRESS_POOL_SCHEMA,
  "metallb.io/v1beta1 L2Advertisement": L2_ADVERTISEMENT_SCHEMA,
  "k8up.io/v1 Schedule": SCHEDULE_SCHEMA,
  "barmancloud.cnpg.io/v1 ObjectStore": OBJECT_STORE_SCHEMA,
  "database.arangodb.com/v1 ArangoDeployment": ARANGO_DEPLOYMENT_SCHEMA,
};

const ajv = new Ajv({ allErrors: true, strict: false });
const localModels = new Map<object, ModelClass>();

/** A model class over a local schema: `validate` throws the schema's errors as the model packages do. */
function localModel(schema: object): ModelClass {
  const known = localModels.get(schema);
  if (known) return known;
  const check = ajv.compile(schema);
  const model = class {
    constructor(private readonly data: Record<string, unknown>) {}
    validate(): void {
      if (!check(this.data)) throw Object.assign(new Error("invalid"), { errors: check.errors ?? [] });
    }
  };
  localModels.set(schema, model);
  return model;
}

interface ModelClass {
  new (data: Record<string, unknown>): { validate(): void };
}

interface SchemaError {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: { readonly additionalProperty?: string };
}

const modules = new Map<string, Promise<Record<string, unknown> | undefined>>();

function importOnce(specifier: string): Promise<Record<string, unknown> | undefined> {
  let loaded = modules.get(specifier);
  if (!loaded) {
    loaded = import(specifier).then(
      (m: Record<string, unknown>) => m,
      () => undefined,
    );
    modules.set(specifier, loaded);
  }
  return loaded;
}

/** The model class for an apiVersion and kind, or undefined when no package has one. */
export async function findModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const local = LOCAL_SCHEMAS[`${apiVersion} ${kind}`];
  if (local) return localModel(local);
  for (const pkg of MODEL_PACKAGES) {
    const found = (await importOnce(`${pkg}/${apiVersion}`))?.[kind];
    if (typeof found === "function") return found as ModelClass;
  }
  return undefined;
}

export type Validation =
  | { readonly status: "valid" }
  | { readonly status: "invalid"; readonly problems: string[] }
  | { readonly status: "no-schema" };

/** Checks one object; problems name the object (`Deployment ns/name`) and each schema error. */
export async function validateObject(object: Record<string, unknown>): Promise<Validation> {
  const model = await findModel(String(object.apiVersion), String(object.kind));
  if (!model) return { status: "no-schema" };
  try {
    new model(object).validate();
    return { status: "valid" };
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    const details = errors?.map(detail) ?? [String(error)];
    return { status: "invalid", problems: details.map((d) => `${describe(object)}: ${d}`) };
  }
}

/** One schema error; an unknown field is named, as a misspelling is found by its name. */
function detail(error: SchemaError): string {
  const unknown = error.params?.additionalProperty;
  return `${error.instancePath || "/"} ${error.message ?? "is invalid"}${unknown ? `: ${unknown}` : ""}`;
}

export function describe(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  const where = metadata.namespace ? `${metadata.namespace}/` : "";
  return `${String(object.kind)} ${where}${metadata.name ?? "(unnamed)"}`;
}
