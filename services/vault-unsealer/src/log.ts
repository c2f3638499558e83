/** Where the service reports, one plain line per event: read by a person in `kubectl logs`. */
export type Log = (line: string) => void;
