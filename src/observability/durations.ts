// Request durations by route and status, for Prometheus: an observation is an array increment,
// turned into histogram lines only when /metrics is read. prom-client's labelled observe builds
// and hashes a label object and turns each bound into a string key on every call, a measurable
// part of a cached verification.
import type { Metric, Registry } from 'prom-client';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 3];

/** One route and status: counts per bucket (the last one: above every bound), sum and count. */
export type Series = { observe(seconds: number): void };
type Line = { metricName: string; labels: Record<string, string | number>; value: number };
type Kept = Series & { labels: { route: string; status: string }; counts: number[]; sum: number; count: number };

export class RequestDurations {
  readonly name = 'tokenops_http_request_duration_seconds';
  readonly help = 'HTTP requests served, by route and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Kept>();

  constructor(registry: Registry) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of one route and status, to keep at hand. */
  labels(route: string, status: string): Series {
    const key = `${route}\n${status}`;
    let kept = this.series.get(key);
    if (!kept) {
      const counts = new Array<number>(BUCKETS.length + 1).fill(0);
      kept = {
        labels: { route, status },
        counts,
        sum: 0,
        count: 0,
        observe(seconds) {
          let i = 0;
          while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
          counts[i]!++;
          this.sum += seconds;
          this.count++;
        },
      };
      this.series.set(key, kept);
    }
    return kept;
  }

  /** What prom-client's registry reads (a Metric's `get`), in the shape its own histograms give. */
  get() {
    const values: Line[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let below = 0;
      BUCKETS.forEach((le, i) => {
        below += counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le }, value: below });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series.clear();
  }
}
