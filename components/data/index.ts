/**
 * The data layer's surface: what the stack and the layers above may use. Everything else
 * in this folder is the layer's own business.
 */
export { DATA_CHARTS } from "./charts";
export { Data, type DataArgs } from "./data";
export { backedUpPostgresCluster, type PostgresBackups } from "./postgres-backups";
export { clusterName, DATABASES_NAMESPACE, type DatabaseConnection, type DatabaseSpec } from "./postgres-databases";
export { KAFKA_CHARTS } from "./kafka-charts";
export { type KafkaEndpoints } from "./kafka";
export { KAFKA_UI_USER, type KafkaSpec, type TopicAccess } from "./kafka-resources";
export { KEDA_CHARTS } from "./keda-charts";
export type { CronTrigger, PrometheusTrigger, ScaledWorkload, Scaling, ScaleTrigger } from "./keda-scaled-objects";
export { ARANGODB_CHARTS } from "./arangodb-charts";
export { VOLUME_BACKUP_CHARTS } from "./volume-backups-charts";
export type { VolumeBackups } from "./volume-backups";
