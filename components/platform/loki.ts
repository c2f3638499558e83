import type { SizingProfile } from "../lib/capabilities";
import { resources } from "../lib/sizing";

/** How long logs are kept, and on how large a volume. */
export interface LogStorage {
  /** Loki duration: `3d`, `14d`. */
  readonly retention: string;
  /** Volume size: `5Gi`. */
  readonly size: string;
}

/** A laptop keeps a few days of logs; a server two weeks. */
export const LOG_STORAGE: Readonly<Record<SizingProfile, LogStorage>> = {
  lean: { retention: "3d", size: "5Gi" },
  full: { retention: "14d", size: "20Gi" },
};

export const LOKI_RELEASE = "loki";
export const LOKI_PORT = 3100;

/** Where Alloy pushes and Grafana reads, inside the cluster. */
export function lokiUrl(namespace: string): string {
  return `http://${LOKI_RELEASE}.${namespace}.svc:${LOKI_PORT}`;
}

export interface LokiValuesArgs {
  readonly sizing: SizingProfile;
  readonly storage: LogStorage;
  readonly storageClass: string;
}

/**
 * Chart values: one binary, one replica, chunks and index on its own volume (kept when the
 * StatefulSet goes), a single tenant, retention by the compactor. The chart's defaults
 * are for a cluster of them: replication 3, memcached caches of gigabytes, a gateway, a
 * canary on every node and a test pod; none of those fits a homelab.
 */
export function lokiValues(args: LokiValuesArgs) {
  return {
    deploymentMode: "Monolithic",
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: { type: "filesystem" },
      schemaConfig: {
        configs: [{ from: "2024-04-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
      },
      limits_config: { retention_period: args.storage.retention },
      compactor: { retention_enabled: true, delete_request_store: "filesystem" },
    },
    singleBinary: {
      replicas: 1,
      resources: resources(args.sizing, "large"),
      persistence: { enabled: true, size: args.storage.size, storageClass: args.storageClass, whenDeleted: "Retain", whenScaled: "Retain" },
    },
    sidecar: { rules: { enabled: false } },
    gateway: { enabled: false },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
  };
}
