/** Milliseconds on a monotonic clock; injected so limit tests control time instead of sleeping. */
export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();
