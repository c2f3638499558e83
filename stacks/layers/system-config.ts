import { z } from "zod";
import { configKey, show } from "../config-problems";

/**
 * The system layer's part of the stack configuration: ingress entry points, TLS issuance
 * and object storage. `stacks/config.ts` composes it into the one schema.
 */

const ENTRY_POINT_NAME = /^[a-z][a-z0-9-]{0,14}$/;

/** Entry points and ports Traefik uses itself. */
const RESERVED_ENTRY_POINTS = ["web", "websecure", "traefik", "metrics"];
const RESERVED_PORTS = [8000, 8080, 8443, 9100];

export const ingressSchema = z
  .strictObject({
    /** Extra TCP entry points on the ingress, name → port (`ssh: 2222`, `kafka: 9094`). */
    tcpEntryPoints: z
      .record(
        z.string().regex(ENTRY_POINT_NAME, {
          error: (i) => `expected an entry point name of lower-case letters, digits and '-' (at most 15); got ${show(i.input)}`,
        }),
        z.number().int().min(1024).max(65535),
      )
      .default({}),
  })
  .prefault({});

const ACME_SERVERS = {
  production: "https://acme-v02.api.letsencrypt.org/directory",
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

export const tlsSchema = z
  .strictObject({
    /** Certificates from Let's Encrypt instead of the local CA. @default none (local CA) */
    acme: z
      .strictObject({
        /** Let's Encrypt writes here before a certificate expires. */
        email: z.email({ error: (i) => `expected an email address; got ${show(i.input)}` }),
        /** `staging` issues untrusted certificates without rate limits: try it first. */
        server: z.enum(["production", "staging"]).default("production"),
        /**
         * `http01` proves each host through the Gateway (port 80 must reach it from the
         * internet; one certificate per host); `dns01-cloudflare` proves the domain with a DNS
         * record (a wildcard certificate; token in the `acmeDnsApiToken` secret).
         */
        challenge: z.enum(["http01", "dns01-cloudflare"]).default("http01"),
      })
      .optional(),
  })
  .prefault({});

export function acmeServerUrl(server: keyof typeof ACME_SERVERS): string {
  return ACME_SERVERS[server];
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export const objectStorageSchema = z
  .strictObject({
    /**
     * The S3 server: SeaweedFS (maintained, one small pod), or MinIO for people who already
     * run it (its community edition is no longer maintained).
     */
    server: z.enum(["seaweedfs", "minio"]).default("seaweedfs"),
    /** Volume for all buckets. */
    size: z
      .string()
      .regex(/^\d+(Mi|Gi|Ti)$/, { error: (i) => `expected a size such as 50Gi; got ${show(i.input)}` })
      .default("20Gi"),
    /** Buckets, each with its own generated credentials. */
    buckets: z
      .array(
        z.string().regex(BUCKET_NAME, {
          error: (i) => `expected a bucket name of 3-63 lower-case letters, digits and '-'; got ${show(i.input)}`,
        }),
      )
      .default(["backups", "models", "ci-cache"]),
  })
  .prefault({});

export type IngressConfig = z.output<typeof ingressSchema>;
export type TlsConfig = z.output<typeof tlsSchema>;
export type ObjectStorageConfig = z.output<typeof objectStorageSchema>;

/** Domains Let's Encrypt can never issue for: reserved for tests, examples and home networks. */
const PRIVATE_SUFFIXES = ["test", "example", "invalid", "localhost", "local", "internal", "lan", "home.arpa"];

export interface SystemConfigView {
  readonly domain: string;
  readonly ingress: IngressConfig;
  readonly tls: TlsConfig;
  readonly objectStorage: ObjectStorageConfig;
}

/** Checks across the system keys; `secretKeys` are the secrets the stack file holds. */
export function systemProblems(config: SystemConfigView, secretKeys: readonly string[]): string[] {
  return [...entryPointProblems(config.ingress), ...acmeProblems(config, secretKeys), ...bucketProblems(config.objectStorage)];
}

function entryPointProblems(ingress: IngressConfig): string[] {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const [name, port] of Object.entries(ingress.tcpEntryPoints)) {
    const key = configKey(["ingress", "tcpEntryPoints", name]);
    if (RESERVED_ENTRY_POINTS.includes(name)) problems.push(`${key}: "${name}" is Traefik's own entry point; choose another name`);
    if (RESERVED_PORTS.includes(port)) problems.push(`${key}: port ${port} is used by Traefik itself (${RESERVED_PORTS.join(", ")})`);
    const other = seen.get(port);
    if (other) problems.push(`${key}: port ${port} is already used by entry point "${other}"`);
    seen.set(port, name);
  }
  return problems;
}

function acmeProblems(config: SystemConfigView, secretKeys: readonly string[]): string[] {
  const acme = config.tls.acme;
  if (!acme) return [];
  const problems: string[] = [];
  const suffix = PRIVATE_SUFFIXES.find((s) => config.domain === s || config.domain.endsWith(`.${s}`));
  if (suffix) {
    problems.push(`${configKey(["tls", "acme"])}: Let's Encrypt cannot issue for ${config.domain} (.${suffix} is not a public domain); remove tls.acme to use the local CA`);
  }
  if (acme.challenge === "dns01-cloudflare" && !secretKeys.includes("acmeDnsApiToken")) {
    problems.push(`${configKey(["acmeDnsApiToken"])}: required for challenge dns01-cloudflare; set it with \`pulumi config set --secret acmeDnsApiToken <token>\``);
  }
  return problems;
}

function bucketProblems(objectStorage: ObjectStorageConfig): string[] {
  return objectStorage.buckets.flatMap((bucket, i) =>
    objectStorage.buckets.indexOf(bucket) === i ? [] : [`${configKey(["objectStorage", "buckets", i])}: "${bucket}" is declared twice`],
  );
}
