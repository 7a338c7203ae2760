import { describe, expect, it } from 'vitest';
import { noUsage, usageChart } from '../../src/domain/usage.js';

describe('usageChart', () => {
  it('draws a day per character against the busiest day, a dot for none', () => {
    expect(usageChart([0, 1, 2, 4, 8])).toBe('·▁▂▄█');
    expect(usageChart([0, 0])).toBe('··');
    expect(usageChart([1_000_000, 1])).toBe('█▁');
    expect(usageChart(noUsage().perDay)).toHaveLength(30);
  });
});
