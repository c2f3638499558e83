import type { PostgresBackups, Scaling, VolumeBackups } from "../../components/data";
import type { CredentialDelivery } from "../../components/lib/credentials";
import type { LayerScrapeTargets } from "../../components/lib/scrape-target";
import type { Observability, SsoClients, VaultSignIn } from "../../components/platform";
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
  /**
   * How credentials reach their namespaces when not as plain Secrets: the secrets layer
   * delivers every layer's from Vault, the system layer's included.
   */
  readonly credentialDelivery?: CredentialDelivery;
  /**
   * The observability layer: later layers' ServiceMonitors, PodMonitors and rules depend on
   * its Prometheus operator, and their namespaces let Prometheus in from its namespace.
   */
  readonly observability?: Observability;
  /**
   * Pods of a layer between system and observability that serve metrics: the secrets
   * layer's CSI driver. The observability layer scrapes them beside the system layer's.
   */
  readonly scrapeTargets?: LayerScrapeTargets;
  /** Vault, when the secrets layer runs it: the sso layer gives people a login to it. */
  readonly vault?: VaultSignIn;
  /** Single sign-on: where a UI or API asks for its OIDC client of the realm `homelab`. */
  readonly sso?: SsoClients;
  /**
   * Backups of CloudNativePG Clusters to the platform's S3, for every layer that runs one:
   * the data layer's, when its backups are on.
   */
  readonly postgresBackups?: PostgresBackups;
  /** Scaling by KEDA (ScaledObjects after its webhook): the data layer's, when KEDA is on. */
  readonly scaling?: Scaling;
  /** Backups of kept volumes no database owns: the data layer's K8up, when volume backups are on. */
  readonly volumeBackups?: VolumeBackups;
}
