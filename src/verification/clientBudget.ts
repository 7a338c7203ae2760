// Per-client budgets for what an abusive caller makes us do (refused keys, lookups of unknown
// secrets): a token bucket per client address, kept for the most recent clients only.
import { LRUCache } from 'lru-cache';
import { monotonicMs } from './databaseClock.js';

type Bucket = { tokens: number; at: number };

export class ClientBudget {
  private readonly buckets = new LRUCache<string, Bucket>({ max: 10_000 });

  /** `burst` at once, then `perSecond`. */
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {}

  /** Spends one; false when the client has nothing left. */
  spend(client: string): boolean {
    const bucket = this.refill(client);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Gives back one spent for something that turned out not to count. */
  refund(client: string): void {
    const bucket = this.refill(client);
    bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
  }

  /** Whole seconds until the client has one again. */
  retryAfterSeconds(client: string): number {
    return Math.max(1, Math.ceil((1 - this.refill(client).tokens) / this.perSecond));
  }

  private refill(client: string): Bucket {
    const now = monotonicMs();
    let bucket = this.buckets.get(client);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(client, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }
}
