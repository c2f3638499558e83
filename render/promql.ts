export interface ParsedQuery {
  /** Where the parser could not make sense of the query. */
  readonly errors: readonly string[];
  /** Metric names the query selects. */
  readonly metrics: readonly string[];
}

/** A PromQL query through Prometheus's own Lezer grammar, as Grafana and the Prometheus UI read it. */
export async function parsePromql(expr: string): Promise<ParsedQuery> {
  // An ES module, which this CommonJS project loads dynamically.
  const { parser } = await import("@prometheus-io/lezer-promql");
  const errors: string[] = [];
  const metrics = new Set<string>();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`cannot parse at ${node.from}: "${expr.slice(Math.max(0, node.from - 10), node.from + 10)}"`);
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") metrics.add(expr.slice(node.from, node.to));
    },
  });
  return { errors, metrics: [...metrics] };
}
