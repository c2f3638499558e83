import { z } from "zod";

/** What the smoke test reads of `pulumi stack output --json --show-secrets`; the rest is ignored. */
const OUTPUTS = z.object({
  endpoints: z.record(z.string(), z.url()),
  hostsEntries: z.array(z.string()).default([]),
  caCertificate: z.string().includes("-----BEGIN CERTIFICATE-----").optional(),
  llm: z.object({ url: z.url(), apiKeys: z.record(z.string(), z.string()) }).optional(),
});

export type SmokeOutputs = z.infer<typeof OUTPUTS>;

export class OutputsError extends Error {
  override readonly name = "OutputsError";
}

/**
 * The outputs the checks need, refused with every problem named when they are not what
 * the stack writes (a masked `[secret]` key means `--show-secrets` was left out).
 */
export function parseOutputs(value: unknown, source: string): SmokeOutputs {
  const parsed = OUTPUTS.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
    throw new OutputsError(`the stack outputs from ${source} are not what the smoke test needs:\n${problems.join("\n")}`);
  }
  const masked = Object.entries(parsed.data.llm?.apiKeys ?? {}).filter(([, key]) => key === "[secret]");
  if (masked.length > 0) throw new OutputsError(`the stack outputs from ${source} hide secrets (llm.apiKeys.${masked[0]![0]}); read them with --show-secrets`);
  return parsed.data;
}

/** `address host` lines → host → address, so the checks need no DNS or hosts file. */
export function hostAddresses(hostsEntries: readonly string[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const line of hostsEntries) {
    const [address, ...hosts] = line.trim().split(/\s+/);
    if (address) for (const host of hosts) map.set(host.toLowerCase(), address);
  }
  return map;
}
