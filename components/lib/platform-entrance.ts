/**
 * The mark on every Service the platform means to be of type LoadBalancer (Traefik's, the
 * DNS server's). The policy pack's load-balancers-planned rule refuses any other; it reads
 * no project code, so it spells the mark itself and policy/renders.test.ts holds the two
 * together. Charts render these Services, so each sets the mark through its values.
 */
export const PLATFORM_ENTRANCE_ANNOTATIONS = { "homelab/load-balancer": "platform-entrance" } as const;
