import { formatIpv4, parseIpv4 } from "../components/lib/ipv4";

/** A MetalLB pool derived from where the node is, or why it could not be. */
export type NodePool =
  | { readonly ok: true; readonly node: string; readonly addresses: string }
  | { readonly ok: false; readonly reason: string };

/** Host octets of the derived pool: the top of the /24, and a lower stretch for a node that sits there. */
const TOP = [200, 250] as const;
const BELOW_TOP = [150, 199] as const;

/**
 * The pool for a single-node cluster whose API server is on the node itself (minikube): the
 * top of the node's /24, clear of the node, so a stack works on any docker network without
 * an edit. A loopback or named server says nothing of the node network.
 */
export function poolFromApiServer(server: string): NodePool {
  let host: string;
  try {
    host = new URL(server).hostname;
  } catch {
    return { ok: false, reason: `the API server ${server} is not a URL` };
  }
  const node = parseIpv4(host);
  if (node === undefined) return { ok: false, reason: `the API server ${server} is named, not an IPv4 address of the node` };
  if (node >>> 24 === 127) {
    return { ok: false, reason: `the API server ${server} is a forwarded port on this machine (Docker Desktop), so the node network is out of reach` };
  }
  const last = node & 0xff;
  const [from, to] = last >= TOP[0] && last <= TOP[1] ? BELOW_TOP : TOP;
  const base = node - last;
  return { ok: true, node: host, addresses: `${formatIpv4(base + from)}-${formatIpv4(base + to)}` };
}
