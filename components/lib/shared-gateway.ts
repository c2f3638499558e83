/**
 * The one Gateway every exposed service attaches to. Its place is fixed so any layer can
 * route to it, and namespaces can allow traffic from it, without a reference to the
 * resource itself.
 */
export const SHARED_GATEWAY = {
  name: "platform",
  namespace: "traefik",
  /** Its GatewayClass: Traefik's Gateway API provider serves it. */
  className: "traefik",
  /** Listener for `https://*.<domain>`. */
  httpsListener: "https",
} as const;
