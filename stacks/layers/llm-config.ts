import { z } from "zod";
import type { SizingProfile } from "../../components/lib/capabilities";
import { maxUpstreamSlotsPerUser, ollamaParallelism } from "../../components/llm";
import { configKey, show } from "../config-problems";
import { strict } from "../config-fields";

/**
 * The LLM layer's part of the stack configuration: who gets a gateway key, what Open WebUI
 * talks to, and room for the models. `stacks/config.ts` composes it into the one schema.
 */

const USER = /^[a-z][a-z0-9-]{0,31}$/;

/** Open WebUI's own gateway key is made under this name. */
export const OPEN_WEBUI_USER = "open-webui";

const positiveWhole = z.number().int().min(1);

/** Tokens per UTC day and month; 0 is no quota. */
const tokenQuota = strict({
  daily: z.number().int().min(0).optional(),
  monthly: z.number().int().min(0).optional(),
});

const GROUP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Quotas for everybody, by group and by API user (issue 15). */
const quotasSchema = strict({
  ...tokenQuota.shape,
  /** By group: an OIDC token's `groups` claim, or `open-webui` for each person chatting there. */
  groups: z
    .record(z.string().regex(GROUP, { error: (i) => `expected a group name of letters, digits, '.', '_' and '-'; got ${show(i.input)}` }), tokenQuota)
    .optional(),
  /** By API user, one of `llm.apiUsers`. */
  users: z.record(z.string(), tokenQuota).optional(),
}).prefault({});

const MIB = 1024 * 1024;

/** The gateway's per-user bounds (issue 17); each left out takes the gateway's default. */
const gatewaySchema = strict({
  limits: strict({
    /** Ollama slots one user may hold at once: fewer than Ollama serves, so others get one. */
    upstreamSlotsPerUser: positiveWhole.optional(),
    /** Ceiling on the tokens one answer may generate (`num_predict`). */
    completionTokens: positiveWhole.optional(),
    /** Conversations one user may keep. */
    conversationsPerUser: positiveWhole.optional(),
    /** Bytes of stored history one user may keep. */
    storedBytesPerUser: positiveWhole.optional(),
  }).prefault({}),
  /** Token quotas per user, group and everybody. */
  quotas: quotasSchema,
  /** Images in messages: decoded bytes per request (also the body limit) and the time to fetch URLs. */
  images: strict({
    maxBytes: z.number().int().min(1024).max(256 * MIB).optional(),
    fetchTimeoutMs: z.number().int().min(1).max(600_000).optional(),
  }).prefault({}),
  /** Clock skew accepted on OIDC tokens' times. */
  oidcClockToleranceSeconds: positiveWhole.optional(),
}).prefault({});

export const llmSchema = z
  .strictObject({
    /** People and tools that get a generated gateway API key (a secret stack output). */
    apiUsers: z
      .array(z.string().regex(USER, { error: (i) => `expected a user name of lower-case letters, digits and '-'; got ${show(i.input)}` }))
      .min(1)
      .default(["admin"]),
    /** What Open WebUI talks to: the gateway (keys, limits, metrics) or Ollama directly. */
    chatBackend: z.enum(["gateway", "ollama"]).default("gateway"),
    /** Volume for Ollama's models. */
    modelStorage: z
      .string()
      .regex(/^\d+(Gi|Ti)$/, { error: (i) => `expected a size such as 50Gi; got ${show(i.input)}` })
      .default("40Gi"),
    /** A prebuilt gateway image instead of the bundle on the stock Node image. @default the bundle */
    gatewayImage: z
      .string()
      .regex(/^[a-z0-9.\-/:]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/, {
        error: (i) => `expected an image with a tag or digest, e.g. ghcr.io/me/llm-gateway:1.2.0; got ${show(i.input)}`,
      })
      .optional(),
    /** The gateway's per-user bounds and OIDC clock tolerance. */
    gateway: gatewaySchema,
    /** Minutes without a gateway request after which KEDA scales Ollama to zero (see ollama-idle.ts). @default never */
    ollamaIdleMinutes: z.number().int().min(5).max(1440).optional(),
  })
  .prefault({});

export type LlmConfig = z.output<typeof llmSchema>;

export function llmProblems(llm: LlmConfig, sizing: SizingProfile): string[] {
  return [...apiUserProblems(llm), ...slotProblems(llm, sizing), ...quotaUserProblems(llm)];
}

/** A user quota names a key the stack makes; anybody else is reached through a group. */
function quotaUserProblems(llm: LlmConfig): string[] {
  return Object.keys(llm.gateway.quotas.users ?? {})
    .filter((user) => !llm.apiUsers.includes(user))
    .map(
      (user) =>
        `${configKey(["llm", "gateway", "quotas", "users", user])}: "${user}" is not in llm.apiUsers (${llm.apiUsers.join(", ")}); ` +
        `people signing in through Keycloak or chatting in Open WebUI get quotas by group (llm.gateway.quotas.groups)`,
    );
}

function apiUserProblems(llm: LlmConfig): string[] {
  return llm.apiUsers.flatMap((user, i) => {
    const key = configKey(["llm", "apiUsers", i]);
    if (user === OPEN_WEBUI_USER) return [`${key}: "${OPEN_WEBUI_USER}" is Open WebUI's own key; choose another name`];
    return llm.apiUsers.indexOf(user) === i ? [] : [`${key}: "${user}" is listed twice`];
  });
}

/** One user must not hold every Ollama slot, or another user's request waits for theirs. */
function slotProblems(llm: LlmConfig, sizing: SizingProfile): string[] {
  const given = llm.gateway.limits.upstreamSlotsPerUser;
  const parallelism = ollamaParallelism(sizing);
  const allowed = maxUpstreamSlotsPerUser(parallelism);
  if (given === undefined || given <= allowed) return [];
  return [
    `${configKey(["llm", "gateway", "limits", "upstreamSlotsPerUser"])}: ${given} would let one user hold every Ollama slot ` +
      `(Ollama serves ${parallelism} at once with sizing ${sizing}); allowed: 1 to ${allowed}`,
  ];
}
