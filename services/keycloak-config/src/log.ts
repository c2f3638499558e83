/** Where the sync reports, one plain line per call: read by a person in `kubectl logs` or Pulumi's Job await output. */
export type Log = (line: string) => void;
