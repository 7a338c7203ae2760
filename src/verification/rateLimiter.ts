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
// clock, from the moment the call was sent); a lease left unspent then is dropped. From a limit
// of 1,000 on, a token whose lease ended unspent here gets a lease reserved in each of the next
// sub-buckets by its next call (20, or as many as last 5 s, 50 at most: the next 5 s of a
// per-second limit, two windows of a longer one), each charged to its own sub-bucket and spent
// only within it (its start and end taken the safe way round the call's round trip, to the ms,
// with drift): a token that this instance sees a few times a second, below one request per
// sub-bucket, then costs a call per 5 s instead of one per request. Between two such slices,
// when Redis's clock may be in either sub-bucket, a request spends one request from each: it is
// charged in the one it was admitted in whichever that is (the other one's is wasted). A busy
// token (its leases run out) and a first call take the current sub-bucket's lease alone, as
// before. A grant in any sub-bucket, current or ahead, is checked against every window that
// holds it, so every admitted request was charged in Redis, in the sub-bucket it was admitted
// in, and the bound above holds as it is: leases never over-admit. They may under-admit: at
// most the unspent rest of one lease per instance and sub-bucket, 11 × instances × limit/1000
// per window (3.3 % with three). When a token's limit changes, its slices are dropped here and
// its reservations ahead in Redis by the script (rateLimitScript.ts). A refusal is kept locally
// for the rest of its sub-bucket too (the count cannot drop before the sub-bucket ends), and concurrent requests of one token share
// one call in flight, which also takes one request for each of them waiting (they spend theirs
// at once: nothing wasted; and a request that arrived within the sub-bucket the call answered
// for takes its request even when the answer comes after that sub-bucket ended, as a call per
// request would: it was counted while the request was there).
//
// When Redis does not answer (within REDIS_WAIT_MS; after a failure it is not asked again for
// RETRY_AFTER_MS, so an outage costs no latency) the answer follows RATE_LIMIT_ON_FAILURE:
// `open` admits, `closed` refuses. Revocations do not depend on this: they come from the database.
import { Cluster } from 'ioredis';
import type { RateLimit } from '../domain/policy.js';
import { duplicateRedis, type RedisClient } from '../store/redis.js';
import type { Logger } from '../observability/logger.js';
import { monotonicMs } from './databaseClock.js';
import { SUB_BUCKETS, SCRIPT } from './rateLimitScript.js';

export type RateLimitFailure = 'open' | 'closed';
/** `unchecked`: Redis could not tell, and RATE_LIMIT_ON_FAILURE decided (nothing was counted). */
export type RateState = { allowed: boolean; limit: number; remaining: number; resetAtMs: number; unchecked?: true };

const REDIS_WAIT_MS = 500;
const RETRY_AFTER_MS = 500;
const LOG_EVERY_MS = 10_000;
const LEASE_MAX = 1_000;
/** Sub-buckets reserved ahead: two windows, or as many as last AHEAD_SPAN_MS, five windows at most. */
const AHEAD = 2 * SUB_BUCKETS;
const AHEAD_MAX = 5 * SUB_BUCKETS;
const AHEAD_SPAN_MS = 5_000;
/** How far this instance's and Redis's clocks may drift apart, per ms: 500 ppm, far above any real oscillator. */
const DRIFT = 0.0005;
/** Leases kept before a sweep; after one, twice as many as it left (sweeps cost O(1) a call). */
const LEASES_SWEPT_AT = 10_000;
/** A lease ended this long ago is swept; one ended more recently is kept, empty, for what it tells
 *  the token's next call (`slack`): dropping it made >10,000 tokens seen a few times a second
 *  never reserve ahead, and cost a Redis call per request. */
const LEASE_KEPT_MS = AHEAD_SPAN_MS;

/** Requests an instance takes from Redis at once for a token with this limit. */
const leaseSize = (rate: RateLimit) => Math.max(1, Math.min(LEASE_MAX, Math.floor(rate.limit / 1_000)));
/** Sub-buckets reserved ahead for a limit this large: a lease each, at most limit/1000. */
const aheadFor = (rate: RateLimit) =>
  rate.limit >= 1_000
    ? Math.min(AHEAD_MAX, Math.max(AHEAD, Math.ceil((AHEAD_SPAN_MS * SUB_BUCKETS) / rate.windowMs)))
    : 0;

/** What this instance holds of one sub-bucket (`bucket`, Redis's number) of a token's window:
 *  `permits` to spend locally from `from` until `until` (monotonic ms), and Redis's word on what
 *  was left in the window ending in it when they were taken. */
type Slice = { bucket: number; permits: number; left: number; resetAtMs: number; from: number; until: number };
/** A token's slices, in time order: the current sub-bucket's, then those reserved ahead.
 *  `slack`: a slice ended with permits unspent (this instance sees the token less often than
 *  its leases last), which is when reserving ahead pays. */
type Lease = { rate: RateLimit; slices: Slice[]; slack: boolean; endsAt: number };

/** Whether, at `now` (past `first`'s end, before `second`'s start), Redis's current sub-bucket
 *  is surely `first`'s or `second`'s: adjacent, each slice non-empty (a call whose round trip
 *  left it empty knows its sub-bucket's bounds too loosely), so `first`'s has begun (it begins
 *  before its slice) and the one after `second`'s has not (it begins after `second`'s slice). */
const bridges = (first: Slice, second: Slice, now: number) =>
  second.bucket === first.bucket + 1 && first.from < first.until && second.from < second.until && now < second.from;

/** A request that arrived within `slice` (then its sub-bucket was Redis's current one) and
 *  waited for the call that answered with it: decided by what that call granted or refused,
 *  however late the answer came (under load, after the sub-bucket ended): counted in Redis when
 *  the request was there, as a call per request would be. */
function claim(slice: Slice, rate: RateLimit, spend: boolean, arrivedAt: number): RateState | undefined {
  if (arrivedAt < slice.from || arrivedAt >= slice.until) return undefined;
  if (!spend) return stateOf(true, rate, slice);
  if (slice.permits > 0) {
    slice.permits--;
    return stateOf(true, rate, slice);
  }
  return slice.left <= 0 ? stateOf(false, rate, slice) : undefined;
}

const stateOf = (allowed: boolean, rate: RateLimit, slice: Slice): RateState => ({
  allowed,
  limit: rate.limit,
  remaining: Math.max(0, slice.left + slice.permits),
  resetAtMs: slice.resetAtMs,
});

type Scripted = RedisClient & {
  tokenopsRateLimit(
    key: string,
    limit: number,
    windowMs: number,
    wanted: number,
    ahead: number,
    each: number,
  ): Promise<[granted: number, left: number, resetAtMs: number, lifeMs: number, bucket: number, ...reserved: number[]]>;
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
  private sweepAt = LEASES_SWEPT_AT;
  /** The call in flight for a token; it resolves to the slice of the sub-bucket it was answered in. */
  private readonly inFlight = new Map<string, Promise<Slice | undefined>>();
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
    if (!lease || lease.rate.limit !== rate.limit || lease.rate.windowMs !== rate.windowMs) return undefined;
    const now = monotonicMs();
    const { slices } = lease;
    // A slice that may have ended is kept while its successor may not have begun: between the
    // two, Redis's current sub-bucket is one of them (see `bridges`).
    while (slices.length && now >= slices[0]!.until && !(slices.length > 1 && bridges(slices[0]!, slices[1]!, now)))
      if (slices.shift()!.permits > 0) lease.slack = true;
    const slice = slices[0];
    if (!slice || now < slice.from) return undefined;
    if (now >= slice.until) return this.bridged(slice, slices[1]!, rate, spend);
    if (!spend) return stateOf(true, rate, slice);
    if (slice.permits > 0) {
      slice.permits--;
      return stateOf(true, rate, slice);
    }
    return slice.left <= 0 ? stateOf(false, rate, slice) : undefined; // refused until the sub-bucket ends, or a new lease
  }

  /** Between two slices, not knowing which sub-bucket is Redis's current one: a request spends
   *  from both, so it was charged in the one it was admitted in whichever that is. */
  private bridged(first: Slice, second: Slice, rate: RateLimit, spend: boolean): RateState | undefined {
    const lower = first.left + first.permits <= second.left + second.permits ? first : second;
    if (!spend) return stateOf(true, rate, lower);
    if (first.permits <= 0 || second.permits <= 0) return undefined; // may be refused or not: Redis tells
    first.permits--;
    second.permits--;
    return stateOf(true, rate, lower);
  }

  private async fetch(tokenId: string, rate: RateLimit, spend: boolean): Promise<RateState> {
    const arrivedAt = monotonicMs();
    for (;;) {
      if (monotonicMs() < this.skipUntil) return this.failed(rate, spend);
      const pending = this.inFlight.get(tokenId);
      if (pending && spend) this.waiting.set(tokenId, (this.waiting.get(tokenId) ?? 0) + 1);
      const answered = await (pending ?? this.lease(tokenId, rate, spend));
      if (pending && spend) this.waiting.set(tokenId, this.waiting.get(tokenId)! - 1);
      if (monotonicMs() < this.skipUntil) return this.failed(rate, spend);
      const decided = this.fromLease(tokenId, rate, spend) ?? (answered && claim(answered, rate, spend, arrivedAt));
      if (decided) return decided;
    }
  }

  /** One call to Redis for a token at a time; its answer becomes the token's lease. */
  private lease(tokenId: string, rate: RateLimit, spend: boolean): Promise<Slice | undefined> {
    const sentAt = monotonicMs();
    const held = this.leases.get(tokenId);
    const same = held && held.rate.limit === rate.limit && held.rate.windowMs === rate.windowMs;
    const kept = same ? held.slices : [];
    // The requests waiting for this token spend what they get at once: asked for on top, never
    // wasted. Between two slices (the next one's start not surely come), what the next one holds
    // counts as this lease's: the current sub-bucket may be that one.
    const next = kept[0] && kept[0].from > sentAt ? kept[0].permits : 0;
    const size = Math.max(1, leaseSize(rate) - next);
    const wanted = spend ? Math.min(rate.limit, size + (this.waiting.get(tokenId) ?? 0)) : 0;
    // Ahead only for a token whose leases outlive its use here (a busy one, or a first call, takes
    // the current sub-bucket's alone, as exactly as before), and only once the sub-buckets reserved
    // before have come: one lease per instance and sub-bucket.
    const ahead =
      spend && same && held.slack && !(kept.length && kept[kept.length - 1]!.from > sentAt) ? aheadFor(rate) : 0;
    const call = this.redis
      .tokenopsRateLimit(
        `${this.options.redisPrefix}:rl:{${tokenId}}`,
        rate.limit,
        rate.windowMs,
        wanted,
        ahead,
        leaseSize(rate),
      )
      .then(([granted, left, resetAtMs, lifeMs, bucket, ...reserved]) => {
        const receivedAt = monotonicMs();
        const width = rate.windowMs / SUB_BUCKETS;
        // By Redis's clock, sub-bucket bucket + n spans [end + (n - 1) × width, end + n × width),
        // `end` read between sentAt and receivedAt (to the ms): used here only where it surely is.
        const current: Slice = {
          bucket,
          permits: granted,
          left,
          resetAtMs,
          from: -Infinity,
          until: sentAt + lifeMs - 1,
        };
        const slices = [current];
        for (let i = 0; i < reserved.length; i += 3) {
          const n = i / 3 + 1;
          const margin = 1 + (receivedAt - sentAt + lifeMs + n * width) * DRIFT;
          slices.push({
            bucket: bucket + n,
            permits: reserved[i]!,
            left: reserved[i + 1]!,
            resetAtMs: reserved[i + 2]!,
            from: receivedAt + lifeMs + (n - 1) * width + margin,
            until: sentAt + lifeMs + n * width - margin,
          });
        }
        // Slices reserved by an earlier call stay this instance's (they are charged in Redis).
        for (const old of kept) {
          if (old.bucket === bucket) slices[0]!.permits += old.permits;
          else if (old.bucket > bucket && !slices.some((slice) => slice.bucket === old.bucket)) slices.push(old);
        }
        slices.sort((a, b) => a.bucket - b.bucket);
        if (this.leases.size >= this.sweepAt) this.sweep();
        this.leases.set(tokenId, { rate, slices, slack: false, endsAt: slices[slices.length - 1]!.until });
        return current;
      })
      .catch((error: unknown): undefined => {
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
    for (const [tokenId, { endsAt }] of this.leases) if (now - endsAt >= LEASE_KEPT_MS) this.leases.delete(tokenId);
    this.sweepAt = Math.max(LEASES_SWEPT_AT, 2 * this.leases.size);
  }

  /** Uncounted: `open` admits (and claims the whole limit is left), `closed` refuses for a second
   *  (and a read, for a request refused for another reason, says so too). */
  private failed(rate: RateLimit, spend: boolean): RateState {
    const now = this.options.now();
    if (this.options.onFailure === 'open')
      return {
        allowed: true,
        limit: rate.limit,
        remaining: rate.limit,
        resetAtMs: now + rate.windowMs,
        unchecked: true,
      };
    return { allowed: !spend, limit: rate.limit, remaining: 0, resetAtMs: now + 1_000, unchecked: true };
  }

  close(): void {
    this.redis.disconnect();
  }
}
