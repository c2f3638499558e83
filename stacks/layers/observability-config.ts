import { z } from "zod";
import { configKey, show } from "../config-problems";

const url = (example: string) =>
  z.url({ protocol: /^https?$/, error: (i) => `expected an http(s) URL such as ${example}; got ${show(i.input)}` });
const email = z.email({ error: (i) => `expected an email address; got ${show(i.input)}` });

/** Where Alertmanager sends alerts; each one set gets every alert. */
const alertsSchema = z
  .strictObject({
    /** A Telegram chat by its numeric id; the bot's token is the secret `alertTelegramBotToken`. */
    telegram: z.strictObject({ chatId: z.number().int() }).optional(),
    /** An ntfy topic; `alertNtfyToken` (secret) for a protected one. */
    ntfy: z
      .strictObject({
        url: url("https://ntfy.sh").default("https://ntfy.sh"),
        topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, { error: (i) => `expected a topic of letters, digits, '-' and '_' (at most 64); got ${show(i.input)}` }),
      })
      .optional(),
    /** E-mail through an SMTP server; `alertEmailPassword` (secret) with `username`. */
    email: z
      .strictObject({
        to: email,
        from: email,
        smarthost: z.string().regex(/^[^:\s]+:\d+$/, { error: (i) => `expected host:port of the SMTP server, e.g. smtp.example.com:587; got ${show(i.input)}` }),
        username: z.string().min(1).optional(),
      })
      .optional(),
    /** Any service that takes Alertmanager's JSON payload. */
    webhook: z.strictObject({ url: url("https://hooks.example.com/alerts") }).optional(),
  })
  .prefault({});

/** `homelab:observability`: what the sizing profile does not decide well for everyone. */
/** How long something is kept, e.g. `15d`; the example is the one the error shows. */
const retentionSchema = (example: string) =>
  z
    .string()
    .regex(/^\d+[hdwy]$/, { error: (i) => `expected a duration such as ${example} (h, d, w or y); got ${show(i.input)}` })
    .optional();

/** A volume's size in Gi or Ti. */
const sizeSchema = z
  .string()
  .regex(/^\d+(Gi|Ti)$/, { error: (i) => `expected a size such as 20Gi; got ${show(i.input)}` })
  .optional();

export const observabilitySchema = z
  .strictObject({
    prometheus: z
      .strictObject({
        /** How long samples are kept. @default by sizing: 3d lean, 15d full */
        retention: retentionSchema("15d"),
        /** Prometheus's volume. @default by sizing: 5Gi lean, 20Gi full */
        size: sizeSchema,
      })
      .prefault({}),
    logs: z
      .strictObject({
        /** Where logs go: Loki (read in Grafana) or Elasticsearch with Kibana through ECK. @default "loki" */
        backend: z.enum(["loki", "elasticsearch"]).default("loki"),
        /** How long logs are kept (Loki's retention, or Elasticsearch's index lifecycle). @default by sizing: 3d lean, 14d full */
        retention: retentionSchema("14d"),
        /** Loki's volume, or each Elasticsearch node's. @default by sizing: 5Gi lean, 20Gi full */
        size: sizeSchema,
      })
      .prefault({}),
    alerts: alertsSchema,
  })
  .prefault({});

/** The receivers' secret keys, with what each is for. */
export const ALERT_SECRETS = {
  alertTelegramBotToken: "the Telegram bot's token, for observability.alerts.telegram",
  alertNtfyToken: "an ntfy access token, for a protected observability.alerts.ntfy topic",
  alertEmailPassword: "the SMTP password of observability.alerts.email.username",
} as const;

type AlertsConfig = z.output<typeof alertsSchema>;

/** A receiver that needs a secret has it, and no secret is set for a receiver that is not. */
export function alertProblems(alerts: AlertsConfig, secretKeys: readonly string[]): string[] {
  const needed: Record<keyof typeof ALERT_SECRETS, { readonly used: boolean; readonly required: boolean; readonly by: readonly (string | number)[] }> = {
    alertTelegramBotToken: { used: alerts.telegram !== undefined, required: true, by: ["observability", "alerts", "telegram"] },
    alertNtfyToken: { used: alerts.ntfy !== undefined, required: false, by: ["observability", "alerts", "ntfy"] },
    alertEmailPassword: { used: alerts.email?.username !== undefined, required: true, by: ["observability", "alerts", "email", "username"] },
  };
  return Object.entries(needed).flatMap(([key, { used, required, by }]) => {
    const set = secretKeys.includes(key);
    if (used && required && !set) return [`${configKey([key])}: required by ${configKey(by)}; set it with \`pulumi config set --secret ${key} <value>\``];
    if (!used && set) return [`${configKey([key])}: set, but ${configKey(by)} is not; remove it or configure that receiver`];
    return [];
  });
}

export type ObservabilityConfig = z.output<typeof observabilitySchema>;
