/**
 * Where the sync reports, one plain line per call. Plain text rather than JSON lines: the
 * reader is a person running `kubectl logs` or reading Pulumi's Job await output.
 */
export type Log = (line: string) => void;
