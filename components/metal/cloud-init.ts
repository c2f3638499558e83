import { stringify } from "yaml";
import { K3S_INSTALL_SCRIPT, K3S_VERSION } from "./versions";

/** A node's cloud-init user-data: an account, the files k3s reads, and the k3s install. */

/** A file cloud-init writes before anything is installed. */
export interface NodeFile {
  readonly path: string;
  readonly content: string;
  /** Octal mode; secrets are 0600. */
  readonly permissions: string;
  /** Written byte for byte (base64 in the user-data): certificates whose hash matters. */
  readonly exact?: boolean;
}

export interface UserDataOptions {
  /** Host name; also the Kubernetes node name. */
  readonly hostname: string;
  /** Public keys for the `homelab` account; none means no SSH login at all. */
  readonly sshKeys: readonly string[];
  readonly files: readonly NodeFile[];
  /** What the node runs. */
  readonly k3sCommand: "server" | "agent";
}

/**
 * The journal on disk, and bounded: Alloy ships it from there, and what happened before a
 * reboot is still there to read. Ubuntu keeps it on disk already; this makes it a promise
 * rather than a distribution default.
 */
export const JOURNALD_CONFIG: NodeFile = {
  path: "/etc/systemd/journald.conf.d/90-homelab.conf",
  content: "[Journal]\nStorage=persistent\nSystemMaxUse=1G\n",
  permissions: "0644",
};

/** The account that exists for debugging; nothing in the program logs in. */
const ADMIN_USER = "homelab";

export function userData(options: UserDataOptions): string {
  const document = {
    hostname: options.hostname,
    manage_etc_hosts: true,
    ssh_pwauth: false,
    users: [
      {
        name: ADMIN_USER,
        groups: ["sudo"],
        shell: "/bin/bash",
        sudo: "ALL=(ALL) NOPASSWD:ALL",
        lock_passwd: true,
        ...(options.sshKeys.length > 0 && { ssh_authorized_keys: [...options.sshKeys] }),
      },
    ],
    package_update: true,
    // The guest agent reports the VM's address to Proxmox; NFS volumes need the client on every node.
    packages: ["qemu-guest-agent", "nfs-common"],
    write_files: [...options.files, JOURNALD_CONFIG].map(writeFile),
    runcmd: [
      ["systemctl", "enable", "--now", "qemu-guest-agent"],
      // journald started before the drop-in was written.
      ["systemctl", "restart", "systemd-journald"],
      // LINSTOR's satellite builds the DRBD module for the running kernel when the platform
      // chooses replicated storage; the headers must match that kernel exactly.
      ["sh", "-c", "apt-get install -y linux-headers-$(uname -r)"],
      ["sh", "-c", k3sInstall(options.k3sCommand)],
    ],
  };
  return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}

/** The pinned release's install script, told which release and role to install. */
export function k3sInstall(command: "server" | "agent"): string {
  return `curl -sfL ${K3S_INSTALL_SCRIPT} | INSTALL_K3S_VERSION='${K3S_VERSION}' INSTALL_K3S_EXEC='${command}' sh -`;
}

function writeFile(file: NodeFile) {
  return {
    path: file.path,
    owner: "root:root",
    permissions: file.permissions,
    ...(file.exact
      ? { encoding: "b64", content: Buffer.from(file.content).toString("base64") }
      : { content: file.content }),
  };
}
