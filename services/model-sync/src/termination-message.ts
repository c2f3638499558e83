import { access, writeFile } from "node:fs/promises";
import type { Log } from "./log.ts";

/** Where Kubernetes reads a container's termination message unless the pod says otherwise. */
const DEFAULT_TERMINATION_LOG = "/dev/termination-log";

/** Kubernetes keeps at most this much of the message. */
const MAX_BYTES = 4096;

/**
 * Leaves the run's last word where `kubectl describe` and Pulumi's Job await show it. Without
 * an explicit path, the default file is written only where Kubernetes mounted it, so a run on
 * a workstation does not create files in /dev.
 */
export async function writeTerminationMessage(path: string | undefined, message: string, log: Log): Promise<void> {
  const target = path || DEFAULT_TERMINATION_LOG;
  if (!path && !(await exists(target))) return;
  try {
    await writeFile(target, truncateUtf8(message, MAX_BYTES));
  } catch (error) {
    log(`cannot write the termination message to ${target}: ${(error as Error).message}`);
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = text.slice(0, maxBytes - 1);
  while (Buffer.byteLength(`${cut}…`) > maxBytes) cut = cut.slice(0, -1);
  return `${cut}…`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
