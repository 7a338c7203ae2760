// Per-token rate limits (README: Governing use), shared by every instance through Redis.
//
// Algorithm: a sliding window of 10 sub-buckets per window, counted in one Redis hash per token
// by one Lua script (atomic, on the server's clock, one key hash-tagged by the token, so it runs
// on a Redis Cluster too). A request is admitted while the sub-buckets of the last 11 widths hold
// fewer than the limit: those always cover the whole window ending now, so any window of that
// length admits at most the limit, whatever the number of instances (the price: a steady client
// above the limit gets 10/11 of it at worst). Chosen over GCRA for its `remaining` that reads as
// "requests left", and over local buckets synchronised, which over-admit by design.
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

// KEYS[1]: the token's hash; ARGV: limit, window (ms), cost (0 only reads).
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
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
local allowed = 0
if cost > 0 and used + cost <= limit then
  redis.call('HINCRBY', KEYS[1], current, cost)
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1.2) + 1000)
  used = used + cost
  allowed = 1
  if first == nil then first = current end
end
local reset = now + window
if first ~= nil then reset = math.ceil((first + ${SUB_BUCKETS + 1}) * width) end
return {allowed, limit - used, reset}
`;

type Scripted = RedisClient & { tokenopsRateLimit(key: string, limit: number, windowMs: number, cost: number): Promise<[number, number, number]> };

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

  /** Spends one of the token's requests (`spend`), or only reads what is left. */
  async take(tokenId: string, rate: RateLimit, spend: boolean): Promise<RateState> {
    if (monotonicMs() < this.skipUntil) return this.failed(rate, spend);
    try {
      const [allowed, remaining, resetAtMs] = await this.redis.tokenopsRateLimit(`${this.options.redisPrefix}:rl:{${tokenId}}`, rate.limit, rate.windowMs, spend ? 1 : 0);
      return { allowed: allowed === 1 || !spend, limit: rate.limit, remaining: Math.max(0, remaining), resetAtMs };
    } catch (error) {
      this.skipUntil = monotonicMs() + RETRY_AFTER_MS;
      if (monotonicMs() - this.loggedAt > LOG_EVERY_MS) {
        this.loggedAt = monotonicMs();
        this.options.logger.warn({ err: error, onFailure: this.options.onFailure }, `rate limits cannot be counted in Redis: requests of rate-limited tokens are ${this.options.onFailure === 'open' ? 'admitted' : 'refused'} (RATE_LIMIT_ON_FAILURE)`);
      }
      return this.failed(rate, spend);
    }
  }

  /** Uncounted: `open` admits (and claims the whole limit is left), `closed` refuses for a second. */
  private failed(rate: RateLimit, spend: boolean): RateState {
    const now = this.options.now();
    if (this.options.onFailure === 'open' || !spend) return { allowed: true, limit: rate.limit, remaining: rate.limit, resetAtMs: now + rate.windowMs };
    return { allowed: false, limit: rate.limit, remaining: 0, resetAtMs: now + 1_000 };
  }

  close(): void {
    this.redis.disconnect();
  }
}
