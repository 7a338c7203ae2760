// Slack's published rate limits for the Web API methods tokenops calls: a tier per method (calls
// per minute per workspace, "with occasional bursts") and chat.postMessage's own rule (about one
// message per second per channel, short bursts allowed). Off unless asked for: `scale` makes a
// Slack minute pass `scale` times faster, so tests and benchmarks meet the limits in seconds.
const PER_MINUTE: Record<string, number> = {
  'chat.postEphemeral': 100, // Tier 4
  'chat.update': 50, // Tier 3
  'chat.getPermalink': 100, // Tier 4
  'conversations.open': 50, // Tier 3
  'conversations.history': 50, // Tier 3
  'users.info': 100, // Tier 4
  'views.open': 100, // Tier 4
  'views.publish': 100, // Tier 4
};
const POST_PER_SECOND = 1;
const POST_BURST = 3;

export class RateTiers {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly scale: number) {}

  /** Ms until the call may be made (0: now, and it is counted). */
  take(method: string, channel: string | undefined, now = Date.now()): number {
    const rule = method === 'chat.postMessage' ? { key: `${method}:${channel ?? ''}`, limit: POST_BURST, windowMs: (POST_BURST / POST_PER_SECOND) * 1000 } : PER_MINUTE[method] && { key: method, limit: PER_MINUTE[method]!, windowMs: 60_000 };
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
