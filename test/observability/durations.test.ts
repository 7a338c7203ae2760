// Request durations reach Prometheus as a histogram by route and status, counted cumulatively.
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { RequestDurations } from '../../src/observability/durations.js';

describe('RequestDurations', () => {
  it('exposes observations as cumulative buckets, sum and count per route and status', async () => {
    const registry = new Registry();
    const durations = new RequestDurations(registry);
    const ok = durations.labels('POST /v1/tokens/verify', '200');
    ok.observe(0.0005);
    ok.observe(0.003);
    ok.observe(5);
    durations.labels('GET /healthz', '503').observe(0.02);
    const text = await registry.metrics();
    const line = (labels: string) =>
      new RegExp(`^tokenops_http_request_duration_seconds${labels} (\\S+)$`, 'm').exec(text)?.[1];
    const verify = 'route="POST /v1/tokens/verify",status="200"';
    expect(text).toContain('# TYPE tokenops_http_request_duration_seconds histogram');
    expect(line(`_bucket\\{${verify},le="0.001"\\}`)).toBe('1');
    expect(line(`_bucket\\{${verify},le="0.0025"\\}`)).toBe('1');
    expect(line(`_bucket\\{${verify},le="0.005"\\}`)).toBe('2');
    expect(line(`_bucket\\{${verify},le="3"\\}`)).toBe('2');
    expect(line(`_bucket\\{${verify},le="\\+Inf"\\}`)).toBe('3');
    expect(Number(line(`_sum\\{${verify}\\}`))).toBeCloseTo(5.0035);
    expect(line(`_count\\{${verify}\\}`)).toBe('3');
    expect(line('_count\\{route="GET /healthz",status="503"\\}')).toBe('1');
    durations.reset();
    expect(await registry.metrics()).not.toContain('_count{');
  });
});
