import { connect } from "node:net";

/** Whether something accepts a TCP connection there, or why not. */
export type ProbeResult = { readonly answers: true } | { readonly answers: false; readonly reason: string };

export type Probe = (host: string, port: number) => Promise<ProbeResult>;

/** An address that drops packets never refuses; this long is enough for a LAN or a tunnel. */
const CONNECT_TIMEOUT_MS = 3_000;

/** A TCP connect from this host, closed at once: no TLS, no request. */
export const tcpProbe: Probe = (host, port) =>
  new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(CONNECT_TIMEOUT_MS);
    socket.once("connect", () => {
      socket.destroy();
      resolve({ answers: true });
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve({ answers: false, reason: `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve({ answers: false, reason: error.code ?? error.message }));
  });
