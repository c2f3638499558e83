import { z } from "zod";
import type { SizingProfile } from "../../components/lib/capabilities";
import { strict } from "../config-fields";
import { show } from "../config-problems";

/** ArangoDB's part of `homelab:data`. */
export const arangodbSchema = strict({
  /** ArangoDB (kube-arangodb): Single on lean, a Cluster on full. @default on with the full sizing profile, off on lean */
  enabled: z.boolean().optional(),
  /** Volume per server (the single server, or each DB-Server). */
  size: z
    .string()
    .regex(/^\d+(Mi|Gi|Ti)$/, { error: (i) => `expected a size such as 10Gi; got ${show(i.input)}` })
    .default("10Gi"),
}).prefault({});

export type ArangoDbConfig = z.output<typeof arangodbSchema>;

/**
 * Whether ArangoDB runs: a server affords its three agents, DB-Servers and coordinators;
 * a laptop's lean budget does not afford even the single server (512 MiB) by default.
 */
export function arangodbEnabled(arangodb: ArangoDbConfig, sizing: SizingProfile): boolean {
  return arangodb.enabled ?? sizing === "full";
}
