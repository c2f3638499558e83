import type { SizingProfile } from "../lib/capabilities";
import { memoryBytes } from "../lib/sizing";

/** How long Prometheus keeps samples, and on how large a volume. */
export interface PrometheusStorage {
  /** Prometheus duration: `3d`, `15d`. */
  readonly retention: string;
  /** Volume size: `5Gi`. */
  readonly size: string;
}

/** A laptop keeps a few days on a small volume; a server keeps two weeks. */
export const PROMETHEUS_STORAGE: Readonly<Record<SizingProfile, PrometheusStorage>> = {
  lean: { retention: "3d", size: "5Gi" },
  full: { retention: "15d", size: "20Gi" },
};

/**
 * Prometheus's own size limit, a fifth below the volume: it deletes old blocks before the
 * volume fills, so a busy week never stops it with a full disk.
 */
export function retentionSize(volumeSize: string): string {
  return `${Math.floor((memoryBytes(volumeSize) * 0.8) / 2 ** 20)}MB`;
}
