type Labels = Record<string, string>;

interface Metric {
  render(): string;
}

/** Label values are escaped as the Prometheus text format requires. */
function renderLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(
    ([name, value]) => `${name}="${value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`,
  );
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}

/** Series keyed by their label values in a fixed order, so the same labels always hit the same series. */
class Series<T> {
  readonly #byKey = new Map<string, { labels: Labels; value: T }>();

  constructor(
    private readonly labelNames: readonly string[],
    private readonly initial: () => T,
  ) {}

  get(labels: Labels): { labels: Labels; value: T } {
    const key = this.labelNames.map((name) => labels[name] ?? "").join("\u0000");
    let series = this.#byKey.get(key);
    if (!series) {
      const ordered = Object.fromEntries(this.labelNames.map((name) => [name, labels[name] ?? ""]));
      series = { labels: ordered, value: this.initial() };
      this.#byKey.set(key, series);
    }
    return series;
  }

  all(): Iterable<{ labels: Labels; value: T }> {
    return this.#byKey.values();
  }
}

export class Counter implements Metric {
  readonly #series: Series<{ total: number }>;

  constructor(
    private readonly name: string,
    private readonly help: string,
    labelNames: readonly string[] = [],
  ) {
    this.#series = new Series(labelNames, () => ({ total: 0 }));
  }

  inc(labels: Labels = {}, amount = 1): void {
    this.#series.get(labels).value.total += amount;
  }

  render(): string {
    let text = header(this.name, this.help, "counter");
    for (const { labels, value } of this.#series.all()) text += `${this.name}${renderLabels(labels)} ${value.total}\n`;
    return text;
  }
}

export class Gauge implements Metric {
  readonly #series: Series<{ current: number }>;

  constructor(
    private readonly name: string,
    private readonly help: string,
    labelNames: readonly string[] = [],
    private readonly collect?: () => number,
  ) {
    this.#series = new Series(labelNames, () => ({ current: 0 }));
  }

  set(value: number, labels: Labels = {}): void {
    this.#series.get(labels).value.current = value;
  }

  inc(labels: Labels = {}, amount = 1): void {
    this.#series.get(labels).value.current += amount;
  }

  dec(labels: Labels = {}, amount = 1): void {
    this.#series.get(labels).value.current -= amount;
  }

  render(): string {
    if (this.collect) this.set(this.collect());
    let text = header(this.name, this.help, "gauge");
    for (const { labels, value } of this.#series.all()) text += `${this.name}${renderLabels(labels)} ${value.current}\n`;
    return text;
  }
}

export class Histogram implements Metric {
  readonly #series: Series<{ counts: number[]; sum: number; count: number }>;

  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
    labelNames: readonly string[] = [],
  ) {
    this.#series = new Series(labelNames, () => ({ counts: buckets.map(() => 0), sum: 0, count: 0 }));
  }

  observe(value: number, labels: Labels = {}): void {
    const series = this.#series.get(labels).value;
    series.sum += value;
    series.count += 1;
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index !== -1) series.counts[index] = (series.counts[index] ?? 0) + 1;
  }

  render(): string {
    let text = header(this.name, this.help, "histogram");
    for (const { labels, value } of this.#series.all()) {
      let cumulative = 0;
      this.buckets.forEach((bound, index) => {
        cumulative += value.counts[index] ?? 0;
        text += `${this.name}_bucket${renderLabels({ ...labels, le: String(bound) })} ${cumulative}\n`;
      });
      text += `${this.name}_bucket${renderLabels({ ...labels, le: "+Inf" })} ${value.count}\n`;
      text += `${this.name}_sum${renderLabels(labels)} ${value.sum}\n`;
      text += `${this.name}_count${renderLabels(labels)} ${value.count}\n`;
    }
    return text;
  }
}

/** Holds metrics and renders them in the Prometheus text exposition format (version 0.0.4). */
export class Registry {
  readonly #metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    this.#metrics.push(metric);
    return metric;
  }

  render(): string {
    return this.#metrics.map((metric) => metric.render()).join("");
  }
}
