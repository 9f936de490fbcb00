import { describe, expect, it } from 'vitest';
import { ModuleMetrics } from './ModuleMetrics.js';

describe('ModuleMetrics', () => {
  it('counts requests, errors and latency per module and prints them for Prometheus', async () => {
    const m = new ModuleMetrics({ defaultMetrics: false });
    const s = m.forModule('contacts');
    s.observe('GET', 200, 0.002);
    s.observe('GET', 200, 0.004);
    s.observe('POST', 500, 0.2);
    expect(m.summary('contacts')).toMatchObject({ requests: 3, errors: 1, byStatus: { '200': 2, '500': 1 } });
    expect(m.summary('contacts').p50Ms).toBe(4);
    const text = await m.text();
    expect(text).toContain('hub_module_requests_total{module="contacts",method="GET",status="200"} 2');
    expect(text).toContain('hub_module_request_errors_total{module="contacts"} 1');
    expect(text).toContain('hub_module_request_duration_seconds_bucket{le="0.005",module="contacts"} 2');
    expect(text).toContain('hub_module_request_duration_seconds_bucket{le="+Inf",module="contacts"} 3');
    expect(text).toContain('hub_module_request_duration_seconds_count{module="contacts"} 3');
  });

  it('has no percentiles before the first request', () => {
    expect(new ModuleMetrics({ defaultMetrics: false }).summary('x')).toMatchObject({ requests: 0, p50Ms: null, p95Ms: null });
  });
});
