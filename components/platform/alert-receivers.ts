import { stringify } from "yaml";

/** Where Alertmanager sends alerts, as the stack file says; every one configured gets every alert. */
export interface AlertReceivers {
  /** A Telegram chat, through a bot (its token is a secret). */
  readonly telegram?: { readonly chatId: number };
  /** An ntfy topic: `url` of the server, `topic` (a token, a secret, for a protected topic). */
  readonly ntfy?: { readonly url: string; readonly topic: string };
  /** E-mail through an SMTP server (`host:port`), with a login when `username` is set (its password a secret). */
  readonly email?: { readonly to: string; readonly from: string; readonly smarthost: string; readonly username?: string };
  /** A generic webhook: Alertmanager's JSON payload, POSTed. */
  readonly webhook?: { readonly url: string };
}

/** The receivers' secrets, resolved. */
export interface AlertReceiverSecrets {
  readonly telegramBotToken?: string;
  readonly ntfyToken?: string;
  readonly emailPassword?: string;
}

/** Where alerts go when no receiver is configured: nowhere, and Grafana and Alertmanager's UI still show them. */
const NOWHERE = "null";
const HOMELAB = "homelab";

/**
 * Alertmanager's configuration. kube-prometheus-stack's Watchdog (always firing, to prove
 * the pipeline) and InfoInhibitor go nowhere; everything else to every configured receiver,
 * grouped per alert and namespace, repeated every 12 hours while it fires.
 */
export function alertmanagerConfig(receivers: AlertReceivers, secrets: AlertReceiverSecrets): Record<string, unknown> {
  const configs = receiverConfigs(receivers, secrets);
  const any = Object.keys(configs).length > 0;
  return {
    route: {
      receiver: any ? HOMELAB : NOWHERE,
      group_by: ["alertname", "namespace"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "12h",
      routes: [{ matchers: ['alertname =~ "Watchdog|InfoInhibitor"'], receiver: NOWHERE }],
    },
    inhibit_rules: [
      // A critical alert silences the warning of the same name and place.
      { source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'], equal: ["alertname", "namespace"] },
    ],
    receivers: [{ name: NOWHERE }, ...(any ? [{ name: HOMELAB, ...configs }] : [])],
  };
}

export function alertmanagerYaml(receivers: AlertReceivers, secrets: AlertReceiverSecrets): string {
  return stringify(alertmanagerConfig(receivers, secrets));
}

function receiverConfigs(r: AlertReceivers, secrets: AlertReceiverSecrets): Record<string, unknown[]> {
  return {
    ...(r.telegram && { telegram_configs: [{ bot_token: secrets.telegramBotToken ?? "", chat_id: r.telegram.chatId, parse_mode: "HTML", send_resolved: true }] }),
    ...((r.ntfy || r.webhook) && {
      webhook_configs: [
        // ntfy renders Alertmanager's payload with its built-in `alertmanager` template.
        ...(r.ntfy
          ? [
              {
                url: `${r.ntfy.url.replace(/\/$/, "")}/${r.ntfy.topic}?template=alertmanager`,
                send_resolved: true,
                ...(secrets.ntfyToken && { http_config: { authorization: { type: "Bearer", credentials: secrets.ntfyToken } } }),
              },
            ]
          : []),
        ...(r.webhook ? [{ url: r.webhook.url, send_resolved: true }] : []),
      ],
    }),
    ...(r.email && {
      email_configs: [
        {
          to: r.email.to,
          from: r.email.from,
          smarthost: r.email.smarthost,
          send_resolved: true,
          ...(r.email.username && { auth_username: r.email.username, auth_password: secrets.emailPassword ?? "" }),
        },
      ],
    }),
  };
}

/** Ports Alertmanager calls out on: HTTPS, the SMTP server's, and any webhook's own. */
export function receiverPorts(r: AlertReceivers): number[] {
  const ports = new Set<number>(r.telegram ? [443] : []);
  const urlPort = (url: string) => {
    const parsed = new URL(url);
    return Number(parsed.port || (parsed.protocol === "http:" ? 80 : 443));
  };
  if (r.ntfy) ports.add(urlPort(r.ntfy.url));
  if (r.webhook) ports.add(urlPort(r.webhook.url));
  if (r.email) ports.add(Number(r.email.smarthost.split(":").pop()));
  return [...ports];
}
