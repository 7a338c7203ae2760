// Per-client budgets for what an abusive caller makes us do (refused keys, lookups of unknown
// secrets): a token bucket per client address, kept for the most recent clients only.
import { LRUCache } from 'lru-cache';
import { clientNetwork } from '../domain/policy.js';
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

/**
 * The budget of unknown secrets a caller may have looked up. An end client the caller names
 * (`ip`: the address its API saw; an IPv6 client by its /64, any text that is no address as one)
 * has one of its own, so one abusive client behind an API does not lock that API's other users
 * out of their first verifications; the caller has `endClientsPerCaller` of them in all, whatever
 * it names, so naming new addresses buys no unbounded lookups.
 */
export class UnknownSecretBudget {
  private readonly ofEndClient: ClientBudget;
  private readonly ofCaller: ClientBudget;

  constructor(burst: number, perSecond: number, endClientsPerCaller: number) {
    this.ofEndClient = new ClientBudget(burst, perSecond);
    this.ofCaller = new ClientBudget(burst * endClientsPerCaller, perSecond * endClientsPerCaller);
  }

  /** Spends one; false when the end client, or its caller, has nothing left. */
  spend(caller: string, ip: string | undefined): boolean {
    const end = endClient(caller, ip);
    if (!this.ofEndClient.spend(end)) return false;
    if (this.ofCaller.spend(caller)) return true;
    this.ofEndClient.refund(end);
    return false;
  }

  refund(caller: string, ip: string | undefined): void {
    this.ofEndClient.refund(endClient(caller, ip));
    this.ofCaller.refund(caller);
  }

  retryAfterSeconds(caller: string, ip: string | undefined): number {
    return Math.max(this.ofEndClient.retryAfterSeconds(endClient(caller, ip)), this.ofCaller.retryAfterSeconds(caller));
  }
}

/** Whom an end client's budget is kept for: the caller itself when it names none. */
const endClient = (caller: string, ip: string | undefined) =>
  ip === undefined ? caller : `${caller} ${clientNetwork(ip) ?? 'no address'}`;
