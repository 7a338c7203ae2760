// Slack's rate limits as Slack applies them: at most `limit` calls in any window, answered with
// 429 and Retry-After beyond that. Off unless asked for, with the published figures as `rule`
// (tokenops' src/notify/rateTiers.ts, which its own pacer reads too); `scale` makes a Slack
// minute pass `scale` times faster, so tests and benchmarks meet the limits in seconds.

/** The limit that applies to a call: a key (per method, or per channel), how many calls and over how long. */
export type RateRule = (
  method: string,
  channel: string | undefined,
) => { key: string; limit: number; windowMs: number } | undefined;

export class RateTiers {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly scale: number,
    private readonly rateRule: RateRule,
  ) {}

  /** Ms until the call may be made (0: now, and it is counted). */
  take(method: string, channel: string | undefined, now = Date.now()): number {
    const rule = this.rateRule(method, channel);
    if (!rule) return 0;
    const windowMs = rule.windowMs / this.scale;
    const calls = (this.windows.get(rule.key) ?? []).filter((at) => now - at < windowMs);
    if (calls.length >= rule.limit) {
      this.windows.set(rule.key, calls);
      return calls[0]! + windowMs - now;
    }
    calls.push(now);
    this.windows.set(rule.key, calls);
    return 0;
  }
}
