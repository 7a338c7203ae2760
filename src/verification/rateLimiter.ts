// Per-token rate limits (README: Governing use), shared by every instance through Redis.
//
// Algorithm: a sliding window of 10 sub-buckets per window, counted in one Redis hash per token
// by one Lua script (atomic, on the server's clock, one key hash-tagged by the token, so it runs
// on a Redis Cluster too). A request is admitted while the sub-buckets of the last 11 widths hold
// fewer than the limit: those always cover the whole window ending now, so any window of that
// length admits at most the limit, whatever the number of instances (the price: a steady client
// above the limit gets 10/11 of it at worst). Chosen over GCRA for its `remaining` that reads as
// "requests left".
//
// Local leases, so that a busy token does not cost a Redis call per request: an instance takes
// up to limit/1000 requests at once (1 below a limit of 2,000: exact, as before), charged to the
// current sub-bucket, and spends them locally until that sub-bucket ends (by the server's
// clock, from the moment the call was sent); a lease left unspent then is dropped. Every admitted
// request was charged in Redis, in the sub-bucket it was admitted in, so the bound above holds
// as it is: leases never over-admit. They may under-admit: at most the unspent rest of one lease
// per instance and sub-bucket, 11 × instances × limit/1000 per window (3.3 % with three). A
// refusal is kept locally for the rest of its sub-bucket too (the count cannot drop before the
// sub-bucket ends), and concurrent requests of one token share one call in flight, which also
// takes one request for each of them waiting (they spend theirs at once: nothing wasted).
//
// When Redis does not answer (within REDIS_WAIT_MS; after a failure it is not asked again for
// RETRY_AFTER_MS, so an outage costs no latency) the answer follows RATE_LIMIT_ON_FAILURE:
// `open` admits, `closed` refuses. Revocations do not depend on this: they come from the database.
import { Cluster } from 'ioredis';
import type { RateLimit } from '../domain/policy.js';
import { duplicateRedis, type RedisClient } from '../store/redis.js';
import type { Logger } from '../observability/logger.js';
import { monotonicMs } from './databaseClock.js';

export type RateLimitFailure = 'open' | 'closed';
export type RateState = { allowed: boolean; limit: number; remaining: number; resetAtMs: number };

const SUB_BUCKETS = 10;
const REDIS_WAIT_MS = 500;
const RETRY_AFTER_MS = 500;
const LOG_EVERY_MS = 10_000;
const LEASE_MAX = 1_000;
/** Leases kept before expired ones are swept. */
const LEASES_SWEPT_AT = 10_000;

// KEYS[1]: the token's hash; ARGV: limit, window (ms), wanted (0 only reads). Grants what is
// left up to `wanted`; answers what it granted, what is left, the reset time, and the ms until
// the current sub-bucket ends (the life of a lease).
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local width = window / ${SUB_BUCKETS}
local current = math.floor(now / width)
local oldest = current - ${SUB_BUCKETS}
local fields = redis.call('HGETALL', KEYS[1])
local used, first, stale = 0, nil, {}
for i = 1, #fields, 2 do
  local b = tonumber(fields[i])
  if b < oldest then stale[#stale + 1] = fields[i]
  else
    used = used + tonumber(fields[i + 1])
    if first == nil or b < first then first = b end
  end
end
if #stale > 0 then redis.call('HDEL', KEYS[1], unpack(stale)) end
local granted = math.min(wanted, limit - used)
if granted > 0 then
  redis.call('HINCRBY', KEYS[1], current, granted)
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1.2) + 1000)
  used = used + granted
  if first == nil then first = current end
else
  granted = 0
end
local reset = now + window
if first ~= nil then reset = math.ceil((first + ${SUB_BUCKETS + 1}) * width) end
return {granted, limit - used, reset, math.floor((current + 1) * width - now)}
`;

/** Requests an instance takes from Redis at once for a token with this limit. */
const leaseSize = (rate: RateLimit) => Math.max(1, Math.min(LEASE_MAX, Math.floor(rate.limit / 1_000)));

/** What this instance holds of a token's window until `until` (monotonic ms): `permits` to spend
 *  locally, and Redis's word on what was left when they were taken. */
type Lease = { rate: RateLimit; permits: number; left: number; resetAtMs: number; until: number };

type Scripted = RedisClient & {
  tokenopsRateLimit(
    key: string,
    limit: number,
    windowMs: number,
    wanted: number,
  ): Promise<[number, number, number, number]>;
};

export class RateLimiter {
  private readonly redis: Scripted;
  private skipUntil = 0;
  private loggedAt = -Infinity;

  constructor(
    redis: RedisClient,
    private readonly options: { redisPrefix: string; onFailure: RateLimitFailure; logger: Logger; now: () => number },
  ) {
    // Its own connection, whose commands wait REDIS_WAIT_MS at most (queued while it connects,
    // so that a fresh instance or a cluster still learning its slots counts from the start).
    // Auto-pipelining: the scripts of one event-loop turn go out in one write (a syscall each cost
    // more CPU than the script's answer).
    const failFast = { maxRetriesPerRequest: 0, commandTimeout: REDIS_WAIT_MS, enableAutoPipelining: true };
    const client = redis instanceof Cluster ? duplicateRedis(redis, failFast) : redis.duplicate(failFast);
    client.on('error', () => undefined); // the main client reports connection problems
    client.defineCommand('tokenopsRateLimit', { numberOfKeys: 1, lua: SCRIPT });
    this.redis = client as Scripted;
  }

  private readonly leases = new Map<string, Lease>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Spending requests waiting for the call in flight, by token. */
  private readonly waiting = new Map<string, number>();

  /** Spends one of the token's requests (`spend`), or only reads what is left; synchronous when
   *  this instance's lease decides. */
  take(tokenId: string, rate: RateLimit, spend: boolean): RateState | Promise<RateState> {
    return this.fromLease(tokenId, rate, spend) ?? this.fetch(tokenId, rate, spend);
  }

  /** The answer the current lease gives, if it can. */
  private fromLease(tokenId: string, rate: RateLimit, spend: boolean): RateState | undefined {
    const lease = this.leases.get(tokenId);
    if (
      !lease ||
      lease.rate.limit !== rate.limit ||
      lease.rate.windowMs !== rate.windowMs ||
      monotonicMs() >= lease.until
    )
      return undefined;
    const state = (allowed: boolean): RateState => ({
      allowed,
      limit: rate.limit,
      remaining: Math.max(0, lease.left + lease.permits),
      resetAtMs: lease.resetAtMs,
    });
    if (!spend) return state(true);
    if (lease.permits > 0) {
      lease.permits--;
      return state(true);
    }
    return lease.left <= 0 ? state(false) : undefined; // refused until the sub-bucket ends, or a new lease
  }

  private async fetch(tokenId: string, rate: RateLimit, spend: boolean): Promise<RateState> {
    for (;;) {
      if (monotonicMs() < this.skipUntil) return this.failed(rate, spend);
      const pending = this.inFlight.get(tokenId);
      if (pending && spend) this.waiting.set(tokenId, (this.waiting.get(tokenId) ?? 0) + 1);
      await (pending ?? this.lease(tokenId, rate, spend));
      if (pending && spend) this.waiting.set(tokenId, this.waiting.get(tokenId)! - 1);
      if (monotonicMs() < this.skipUntil) return this.failed(rate, spend);
      const decided = this.fromLease(tokenId, rate, spend);
      if (decided) return decided;
    }
  }

  /** One call to Redis for a token at a time; its answer becomes the token's lease. */
  private lease(tokenId: string, rate: RateLimit, spend: boolean): Promise<void> {
    const sentAt = monotonicMs();
    // The requests waiting for this token spend what they get at once: asked for on top, never wasted.
    const wanted = spend ? Math.min(rate.limit, leaseSize(rate) + (this.waiting.get(tokenId) ?? 0)) : 0;
    const call = this.redis
      .tokenopsRateLimit(`${this.options.redisPrefix}:rl:{${tokenId}}`, rate.limit, rate.windowMs, wanted)
      .then(([granted, left, resetAtMs, lifeMs]) => {
        if (this.leases.size >= LEASES_SWEPT_AT) this.sweep();
        this.leases.set(tokenId, { rate, permits: granted, left, resetAtMs, until: sentAt + lifeMs });
      })
      .catch((error: unknown) => {
        this.skipUntil = monotonicMs() + RETRY_AFTER_MS;
        if (monotonicMs() - this.loggedAt > LOG_EVERY_MS) {
          this.loggedAt = monotonicMs();
          this.options.logger.warn(
            { err: error, onFailure: this.options.onFailure },
            `rate limits cannot be counted in Redis: requests of rate-limited tokens are ${this.options.onFailure === 'open' ? 'admitted' : 'refused'} (RATE_LIMIT_ON_FAILURE)`,
          );
        }
      })
      .finally(() => {
        this.inFlight.delete(tokenId);
        if (this.waiting.get(tokenId) === 0) this.waiting.delete(tokenId);
      });
    this.inFlight.set(tokenId, call);
    return call;
  }

  private sweep() {
    const now = monotonicMs();
    for (const [tokenId, lease] of this.leases) if (now >= lease.until) this.leases.delete(tokenId);
  }

  /** Uncounted: `open` admits (and claims the whole limit is left), `closed` refuses for a second. */
  private failed(rate: RateLimit, spend: boolean): RateState {
    const now = this.options.now();
    if (this.options.onFailure === 'open' || !spend)
      return { allowed: true, limit: rate.limit, remaining: rate.limit, resetAtMs: now + rate.windowMs };
    return { allowed: false, limit: rate.limit, remaining: 0, resetAtMs: now + 1_000 };
  }

  close(): void {
    this.redis.disconnect();
  }
}
