/**
 * The system layer's surface: what the stack and the layers above may use. Everything else
 * in this folder is the layer's own business.
 */
export { SYSTEM_CHARTS } from "./charts";
export { CLOUDNATIVE_PG_NAMESPACE, CNPG_INSTANCE_MANAGER_PORT } from "./cloudnative-pg";
export type { GpuCapability } from "./nvidia-gpu";
export { type ObjectStorageServerKind, S3_CLIENT_LABEL } from "./object-storage";
export { RELOAD_ON_CHANGE } from "./reloader";
export { CNPG_METRICS_PORT } from "./scrape-targets";
export { System, type SystemArgs } from "./system";
