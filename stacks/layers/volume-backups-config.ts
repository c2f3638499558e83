import { z } from "zod";
import { strict } from "../config-fields";
import { configKey, show } from "../config-problems";

/** Volume backups' part of `homelab:data`: K8up's schedule for the kept volumes no database owns. */

const CRON = /^\S+( \S+){4}$/;
const kept = (fallback: number) => z.number().int().min(0).max(1000).default(fallback);

export const volumeBackupsSchema = strict({
  /** Restic backups of annotated volumes (Open WebUI's uploads) to the `backups` bucket. @default as data.backups.enabled */
  enabled: z.boolean().optional(),
  /** When they run: five-field cron. */
  schedule: z.string().regex(CRON, { error: (i) => `expected a cron expression of five fields, such as "0 4 * * *"; got ${show(i.input)}` }).default("0 4 * * *"),
  /** Snapshots restic keeps when it prunes (weekly). */
  keep: strict({ daily: kept(7), weekly: kept(4), monthly: kept(6) }).prefault({}),
}).prefault({});

export type VolumeBackupsConfig = z.output<typeof volumeBackupsSchema>;

/** On when asked, else with the PostgreSQL backups: both go to the same bucket. */
export function volumeBackupsEnabled(volumeBackups: VolumeBackupsConfig, backupsEnabled: boolean): boolean {
  return volumeBackups.enabled ?? backupsEnabled;
}

/** Volume backups asked for while the backups (and the S3 checks that come with them) are off, or keeping nothing. */
export function volumeBackupProblems(volumeBackups: VolumeBackupsConfig, backupsEnabled: boolean): string[] {
  const problems: string[] = [];
  if (volumeBackups.enabled && !backupsEnabled) {
    problems.push(`${configKey(["data", "volumeBackups", "enabled"])}: volume backups go to the backups bucket with data.backups; turn data.backups.enabled on too`);
  }
  const { daily, weekly, monthly } = volumeBackups.keep;
  if (daily + weekly + monthly === 0) problems.push(`${configKey(["data", "volumeBackups", "keep"])}: keeps no snapshot at all; keep at least one`);
  return problems;
}
