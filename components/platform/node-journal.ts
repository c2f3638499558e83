/**
 * Host paths a shipper needs, beyond /var/log, to read the node's systemd journal: its
 * volatile directory (present early in boot, and where the journal is not kept on disk)
 * and the machine id, by which only this machine's journal is read. Both shippers mount
 * them read-only.
 */
export const JOURNAL_HOST_PATHS = [
  { name: "run-journal", path: "/run/log/journal", type: "DirectoryOrCreate" },
  { name: "machine-id", path: "/etc/machine-id", type: "File" },
] as const;
