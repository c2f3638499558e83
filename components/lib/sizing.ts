import type { SizingProfile } from "./capabilities";

/** How much a workload needs, relative to the others. */
export type WorkloadSize = "tiny" | "small" | "medium" | "large";

export interface ResourceRequirements {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/**
 * Requests and limits for every workload, by profile. `lean` fits the whole dev stack in
 * a 4-CPU, 6-GiB minikube; `full` gives a server room. Memory limits are twice the
 * request so a burst is survived, CPU limits generous so nothing is throttled at rest.
 */
const SIZES: Readonly<Record<SizingProfile, Readonly<Record<WorkloadSize, ResourceRequirements>>>> = {
  lean: {
    tiny: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
    small: { requests: { cpu: "25m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
    medium: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
    large: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "2", memory: "512Mi" } },
  },
  full: {
    tiny: { requests: { cpu: "25m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
    small: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
    medium: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "2", memory: "512Mi" } },
    large: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "4", memory: "1Gi" } },
  },
};

export function resources(profile: SizingProfile, size: WorkloadSize): ResourceRequirements {
  return SIZES[profile][size];
}

/** CPU quantity (`250m`, `2`) in cores. */
export function cpuCores(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!match) throw new Error(`"${quantity}" is not a CPU quantity (e.g. 250m or 2)`);
  return Number(match[1]) / (match[2] === "m" ? 1000 : 1);
}

const MEMORY_UNITS: Readonly<Record<string, number>> = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 };

/** Memory quantity (`512Mi`, `1Gi`, `1G`) in bytes. */
export function memoryBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity);
  if (!match) throw new Error(`"${quantity}" is not a memory quantity (e.g. 512Mi or 1Gi)`);
  return Number(match[1]) * MEMORY_UNITS[match[2] ?? ""]!;
}
