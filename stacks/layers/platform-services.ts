import type { System } from "../../components/system";

/**
 * What built layers offer the layers after them. A layer names what it builds on in its
 * `needs`; the catalog builds it only after a layer before it provided each of those.
 * A layer that offers something new to later layers declares it here.
 */
export interface PlatformServices {
  /**
   * The system layer: publishing a Service at `https://<name>.<domain>`, the platform CA,
   * the GPU, the PostgreSQL operator, object storage.
   */
  readonly system?: System;
}
