import { describe, expect, it } from 'vitest';
import { noUsage, recentWindowStart, usageChart } from '../../src/domain/usage.js';

describe('usageChart', () => {
  it('draws a day per character against the busiest day, a dot for none', () => {
    expect(usageChart([0, 1, 2, 4, 8])).toBe('·▁▂▄█');
    expect(usageChart([0, 0])).toBe('··');
    expect(usageChart([1_000_000, 1])).toBe('█▁');
    expect(usageChart(noUsage().perDay)).toHaveLength(30);
  });
});

describe('recentWindowStart', () => {
  it('begins the recent counts at the start of the UTC hour 23 hours before now’s: 24 hourly buckets', () => {
    expect(recentWindowStart(new Date('2026-12-05T18:40:12Z'))).toEqual(new Date('2026-12-04T19:00:00Z'));
    expect(recentWindowStart(new Date('2026-12-05T00:00:00Z'))).toEqual(new Date('2026-12-04T01:00:00Z'));
  });
});
