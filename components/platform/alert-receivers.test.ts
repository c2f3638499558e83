import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertmanagerConfig, alertmanagerYaml, receiverPorts } from "./alert-receivers";

describe("alertmanagerConfig", () => {
  it("sends nowhere without receivers, so alerts stay in the UIs only", () => {
    const config = alertmanagerConfig({}, {}) as { route: { receiver: string }; receivers: unknown[] };
    expect(config.route.receiver).toBe("null");
    expect(config.receivers).toEqual([{ name: "null" }]);
  });

  it("sends every alert to every configured receiver, with its secrets, and the Watchdog nowhere", () => {
    const config = parse(
      alertmanagerYaml(
        {
          telegram: { chatId: -100123 },
          ntfy: { url: "https://ntfy.example.com/", topic: "lab" },
          email: { to: "me@example.com", from: "am@example.com", smarthost: "smtp.example.com:587", username: "am" },
          webhook: { url: "https://hooks.example.com/a" },
        },
        { telegramBotToken: "123:abc", ntfyToken: "tk_x", emailPassword: "pw" },
      ),
    );
    expect(config.route).toMatchObject({ receiver: "homelab", routes: [{ matchers: ['alertname =~ "Watchdog|InfoInhibitor"'], receiver: "null" }] });
    expect(config.receivers[1]).toEqual({
      name: "homelab",
      telegram_configs: [{ bot_token: "123:abc", chat_id: -100123, parse_mode: "HTML", send_resolved: true }],
      webhook_configs: [
        { url: "https://ntfy.example.com/lab?template=alertmanager", send_resolved: true, http_config: { authorization: { type: "Bearer", credentials: "tk_x" } } },
        { url: "https://hooks.example.com/a", send_resolved: true },
      ],
      email_configs: [{ to: "me@example.com", from: "am@example.com", smarthost: "smtp.example.com:587", send_resolved: true, auth_username: "am", auth_password: "pw" }],
    });
  });
});

describe("receiverPorts", () => {
  it("opens HTTPS for Telegram and ntfy, the SMTP port and a webhook's own port", () => {
    expect(receiverPorts({})).toEqual([]);
    expect(
      receiverPorts({
        telegram: { chatId: 1 },
        ntfy: { url: "https://ntfy.sh", topic: "t" },
        email: { to: "a@b.c", from: "a@b.c", smarthost: "smtp.example.com:465" },
        webhook: { url: "http://hooks.lan:8080/x" },
      }),
    ).toEqual([443, 8080, 465]);
  });
});
