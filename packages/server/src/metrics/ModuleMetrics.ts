// Per-module request metrics. The hot path only bumps numbers on a per-module object; prom-client
// formats them at scrape time (custom collectors registered in a prom-client Registry).
import { Registry, collectDefaultMetrics } from 'prom-client';

/** Histogram bucket bounds in seconds (Prometheus defaults). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RECENT = 1024;

export interface ModuleMetricsSummary {
  requests: number;
  errors: number;
  /** Latency percentiles over the last 1024 requests, in milliseconds. */
  p50Ms: number | null;
  p95Ms: number | null;
  byStatus: Record<string, number>;
}

export class ModuleStats {
  /** method -> status -> count */
  readonly byMethod = new Map<string, Map<number, number>>();
  requests = 0;
  errors = 0;
  readonly buckets = new Float64Array(LATENCY_BUCKETS.length + 1);
  sum = 0;
  private readonly recent = new Float64Array(RECENT);
  private recentCount = 0;

  constructor(readonly module: string) {}

  observe(method: string, status: number, seconds: number): void {
    let statuses = this.byMethod.get(method);
    if (!statuses) this.byMethod.set(method, (statuses = new Map()));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.requests++;
    if (status >= 500) this.errors++;
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) i++;
    this.buckets[i]++;
    this.sum += seconds;
    this.recent[this.recentCount++ % RECENT] = seconds;
  }

  summary(): ModuleMetricsSummary {
    const n = Math.min(this.recentCount, RECENT);
    const sorted = Array.from(this.recent.subarray(0, n)).sort((a, b) => a - b);
    const pct = (p: number) => (n === 0 ? null : Math.round(sorted[Math.min(n - 1, Math.floor(p * n))] * 1e6) / 1e3);
    const byStatus: Record<string, number> = {};
    for (const statuses of this.byMethod.values()) {
      for (const [status, v] of statuses) byStatus[status] = (byStatus[status] ?? 0) + v;
    }
    return { requests: this.requests, errors: this.errors, p50Ms: pct(0.5), p95Ms: pct(0.95), byStatus };
  }
}

type MetricValue = { value: number; labels: Record<string, string | number>; metricName?: string };

/** Per-module stats and the Prometheus registry that exposes them with the process metrics. */
export class ModuleMetrics {
  readonly registry = new Registry();
  private readonly stats = new Map<string, ModuleStats>();

  constructor({ defaultMetrics = true }: { defaultMetrics?: boolean } = {}) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
    const collector = (name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]) => ({
      name, help, type, aggregator: 'sum' as const,
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
    });
    this.registry.registerMetric(collector('hub_module_requests_total', 'Requests answered by each module', 'counter', () => {
      const out: MetricValue[] = [];
      for (const s of this.stats.values()) {
        for (const [method, statuses] of s.byMethod) {
          for (const [status, value] of statuses) out.push({ value, labels: { module: s.module, method, status } });
        }
      }
      return out;
    }) as never);
    this.registry.registerMetric(collector('hub_module_request_errors_total', 'Requests of each module that ended in a 5xx answer', 'counter',
      () => [...this.stats.values()].map((s) => ({ value: s.errors, labels: { module: s.module } }))) as never);
    this.registry.registerMetric(collector('hub_module_request_duration_seconds', 'Time to answer requests of each module', 'histogram', () => {
      const out: MetricValue[] = [];
      for (const s of this.stats.values()) {
        let cumulative = 0;
        LATENCY_BUCKETS.forEach((le, i) => {
          cumulative += s.buckets[i];
          out.push({ metricName: 'hub_module_request_duration_seconds_bucket', value: cumulative, labels: { le, module: s.module } });
        });
        cumulative += s.buckets[LATENCY_BUCKETS.length];
        out.push({ metricName: 'hub_module_request_duration_seconds_bucket', value: cumulative, labels: { le: '+Inf', module: s.module } });
        out.push({ metricName: 'hub_module_request_duration_seconds_sum', value: s.sum, labels: { module: s.module } });
        out.push({ metricName: 'hub_module_request_duration_seconds_count', value: cumulative, labels: { module: s.module } });
      }
      return out;
    }) as never);
  }

  forModule(name: string): ModuleStats {
    let s = this.stats.get(name);
    if (!s) this.stats.set(name, (s = new ModuleStats(name)));
    return s;
  }

  summary(name: string): ModuleMetricsSummary {
    return this.forModule(name).summary();
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
