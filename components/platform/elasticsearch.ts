import type { SizingProfile } from "../lib/capabilities";
import { LOG_INDEX_PATTERNS } from "./index-lifecycle";

/** The Elastic Stack release ECK 3.5.0 ships its samples with. */
export const ELASTIC_STACK_VERSION = "9.4.3";
/** Names the Elasticsearch and the Kibana: ECK derives `logs-es-http` and `logs-kb-http`. */
export const ELASTIC_NAME = "logs";
export const ELASTICSEARCH_PORT = 9200;
export const KIBANA_PORT = 5601;
/** The Secrets ECK reads users and roles from (its file realm). */
export const ELASTIC_SECRETS = { admin: "elasticsearch-admin", shipper: "elasticsearch-shipper", lifecycle: "elasticsearch-lifecycle", roles: "elasticsearch-roles" } as const;
/** The role the shipper logs in with: it creates and writes the `logs-*` and `node-journal-*` indices, nothing else. */
export const SHIPPER_ROLE = "log_shipper";
/** The role the lifecycle Job logs in with: it sets index lifecycle policies and templates, nothing else. */
export const LIFECYCLE_ROLE = "log_lifecycle";

/** Elasticsearch inside the cluster. */
export function elasticsearchUrl(namespace: string): string {
  return `http://${ELASTIC_NAME}-es-http.${namespace}.svc:${ELASTICSEARCH_PORT}`;
}

/** The roles file of the `roles` Secret (Elasticsearch's `roles.yml`, as JSON, which is YAML). */
export function rolesYml(): string {
  return JSON.stringify({
    [SHIPPER_ROLE]: {
      indices: [{ names: [...LOG_INDEX_PATTERNS], privileges: ["create_index", "create_doc", "auto_configure"] }],
    },
    [LIFECYCLE_ROLE]: { cluster: ["manage_ilm", "manage_index_templates"] },
  });
}

/** A laptop runs one node, a server three, so a node can go without losing the logs. */
const NODES: Readonly<Record<SizingProfile, number>> = { lean: 1, full: 3 };

/** Memory is also the JVM's: Elasticsearch sizes its heap from the container's limit. */
const ELASTICSEARCH_RESOURCES: Readonly<Record<SizingProfile, object>> = {
  lean: { requests: { cpu: "250m", memory: "1536Mi" }, limits: { memory: "1536Mi" } },
  full: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "2Gi" } },
};

const KIBANA_RESOURCES = { requests: { cpu: "100m", memory: "1Gi" }, limits: { memory: "1Gi" } };

export interface ElasticsearchSpecArgs {
  readonly sizing: SizingProfile;
  /** Each node's volume: `20Gi`. */
  readonly size: string;
  readonly storageClass: string;
}

/**
 * One node set holding every role. Plain HTTP inside the cluster, as Loki is: the
 * namespace's policies keep it to the shipper, Kibana and the operator. `allow_mmap` off
 * spares a privileged init container raising the node's `vm.max_map_count`. Volumes stay
 * when the Elasticsearch goes (only a scale-down removes one).
 */
export function elasticsearchSpec(args: ElasticsearchSpecArgs) {
  return {
    version: ELASTIC_STACK_VERSION,
    http: { tls: { selfSignedCertificate: { disabled: true } } },
    auth: {
      fileRealm: [ELASTIC_SECRETS.admin, ELASTIC_SECRETS.shipper, ELASTIC_SECRETS.lifecycle].map((secretName) => ({ secretName })),
      roles: [{ secretName: ELASTIC_SECRETS.roles }],
    },
    volumeClaimDeletePolicy: "DeleteOnScaledownOnly",
    nodeSets: [
      {
        name: "default",
        count: NODES[args.sizing],
        config: { "node.store.allow_mmap": false },
        podTemplate: { spec: { containers: [{ name: "elasticsearch", resources: ELASTICSEARCH_RESOURCES[args.sizing] }] } },
        volumeClaimTemplates: [
          {
            metadata: { name: "elasticsearch-data" },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: args.size } }, storageClassName: args.storageClass },
          },
        ],
      },
    ],
  };
}

/** Kibana behind the platform's Gateway, which terminates TLS: plain HTTP to it. */
export function kibanaSpec(publicUrl: string) {
  return {
    version: ELASTIC_STACK_VERSION,
    count: 1,
    elasticsearchRef: { name: ELASTIC_NAME },
    http: { tls: { selfSignedCertificate: { disabled: true } } },
    config: { "server.publicBaseUrl": publicUrl },
    podTemplate: { spec: { containers: [{ name: "kibana", resources: KIBANA_RESOURCES }] } },
  };
}
