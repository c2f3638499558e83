import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { JOURNALD_CONFIG, k3sInstall, userData } from "./cloud-init";
import { K3S_VERSION } from "./versions";

describe("userData", () => {
  const text = userData({
    hostname: "server-1",
    sshKeys: ["ssh-ed25519 AAAAkey admin@laptop"],
    files: [
      { path: "/etc/rancher/k3s/config.yaml", content: "token: x\n", permissions: "0600" },
      { path: "/var/lib/rancher/k3s/server/tls/server-ca.crt", content: "PEM\r\nbytes\n", permissions: "0644", exact: true },
    ],
    k3sCommand: "server",
  });
  const document = parse(text);

  it("is a cloud-config document that names the host and its one account", () => {
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(document.hostname).toBe("server-1");
    expect(document.ssh_pwauth).toBe(false);
    expect(document.users).toEqual([
      expect.objectContaining({ name: "homelab", lock_passwd: true, ssh_authorized_keys: ["ssh-ed25519 AAAAkey admin@laptop"] }),
    ]);
  });

  it("writes certificate files base64-encoded so their bytes, and so the token's CA hash, survive", () => {
    const [config, ca] = document.write_files;
    expect(config).toEqual({ path: "/etc/rancher/k3s/config.yaml", owner: "root:root", permissions: "0600", content: "token: x\n" });
    expect(ca.encoding).toBe("b64");
    expect(Buffer.from(ca.content, "base64").toString()).toBe("PEM\r\nbytes\n");
  });

  it("installs the pinned k3s release with the pinned release's own script, after the files exist", () => {
    expect(document.runcmd.at(-1)).toEqual(["sh", "-c", k3sInstall("server")]);
    expect(k3sInstall("agent")).toBe(
      "curl -sfL https://raw.githubusercontent.com/k3s-io/k3s/v1.36.4%2Bk3s1/install.sh" +
        " | INSTALL_K3S_VERSION='v1.36.4+k3s1' INSTALL_K3S_EXEC='agent' sh -",
    );
    expect(text).toContain(K3S_VERSION);
    expect(document.packages).toContain("qemu-guest-agent");
  });

  it("keeps the journal on disk, bounded, before k3s starts logging to it", () => {
    expect(document.write_files.at(-1)).toEqual({ path: JOURNALD_CONFIG.path, owner: "root:root", permissions: "0644", content: "[Journal]\nStorage=persistent\nSystemMaxUse=1G\n" });
    const commands = document.runcmd.map((command: string[]) => command.join(" "));
    expect(commands.indexOf("systemctl restart systemd-journald")).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf("systemctl restart systemd-journald")).toBeLessThan(commands.length - 1);
  });

  it("gives no login key when none is configured", () => {
    const withoutKeys = parse(userData({ hostname: "a", sshKeys: [], files: [], k3sCommand: "agent" }));
    expect(withoutKeys.users[0]).not.toHaveProperty("ssh_authorized_keys");
  });
});
