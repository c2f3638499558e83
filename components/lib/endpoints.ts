/**
 * The platform's public URLs. Every exposed service registers here (through
 * `exposeService`), and the stack outputs `endpoints` and `hostsEntries` are read from it.
 */

export interface Endpoint {
  /** Short name, the key in the `endpoints` output (`grafana`). */
  readonly name: string;
  /** Host name under the platform domain (`grafana.home.arpa`). */
  readonly host: string;
  readonly url: string;
  /** The load-balancer address that answers for the host. */
  readonly address: string;
}

export class EndpointRegistry {
  private readonly byName = new Map<string, Endpoint>();
  /** Names served outside the Gateway (Kafka's brokers, behind a TCP entry point): hosts lines only. */
  private readonly otherHosts = new Map<string, string>();
  private closed = false;

  add(endpoint: Endpoint): void {
    if (this.closed) {
      throw new Error(`endpoint "${endpoint.name}" is exposed after the shared Gateway was published; expose it while its layer is built`);
    }
    const existing = this.byName.get(endpoint.name);
    if (existing) {
      throw new Error(`endpoint "${endpoint.name}" is registered twice (${existing.url} and ${endpoint.url})`);
    }
    this.byName.set(endpoint.name, endpoint);
  }

  /** A name the ingress address answers for that is no page of the Gateway, such as a Kafka broker's. */
  addHost(host: string, address: string): void {
    this.otherHosts.set(host, address);
  }

  /** name → URL, sorted by name so outputs do not churn. */
  urls(): Record<string, string> {
    return Object.fromEntries(this.sorted().map((e) => [e.name, e.url]));
  }

  /**
   * Ends registration and returns every host label, sorted: what the shared Gateway is
   * published with. A later `add` is refused, since that host would get no listener.
   */
  close(): string[] {
    this.closed = true;
    return this.sorted().map((e) => e.name);
  }

  /** One `address host` line per host, for /etc/hosts or the Windows hosts file. */
  hostsEntries(): string[] {
    const others = [...this.otherHosts].sort(([a], [b]) => a.localeCompare(b)).map(([host, address]) => `${address} ${host}`);
    return [...new Set([...this.sorted().map((e) => `${e.address} ${e.host}`), ...others])];
  }

  private sorted(): Endpoint[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
