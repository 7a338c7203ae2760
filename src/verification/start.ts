// Builds the verification path of one instance: its own connection pools with deadlines, the
// cache kept current by the database's change feed (Redis notices as the fast path), the
// database's clock, batched last-used times and the Verifier. A worker only announces the
// changes it makes.
import { createPool, type PoolMode } from '../store/pool.js';
import type { RedisClient } from '../store/redis.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { compactUsage, writeUsage } from '../store/sql/usage.js';
import { VerificationCache } from './cache.js';
import { startChangeFeed } from './changeFeed.js';
import { startChangeNotices } from './changeNotices.js';
import { createChangeStream, type ChangeStream } from './changeStream.js';
import { UnknownSecretBudget } from './clientBudget.js';
import { DatabaseClock, SKEW_WARNING_MS, describeSkew, monotonicMs, watchSkew } from './databaseClock.js';
import { RateLimiter, type RateLimitFailure } from './rateLimiter.js';
import { createUsageRecorder } from './usage.js';
import { Verifier } from './verifier.js';
import { Lookups } from './lookups.js';
import { lookupSecrets } from '../store/sql/verification.js';
import { HOUR_MS } from '../domain/time.js';
import type { Config } from '../config/env.js';

/** A cached answer is served only while a feed poll started less than this ago. */
const STALE_BOUND_MS = 750;
const FEED_POLL_MS = 200;
/** Lookup statements in flight at once; misses arriving meanwhile share the next one (lookups.ts).
 *  Two sent fuller statements than seven and made cold verification faster (bench/RESULTS.md). */
const LOOKUPS_IN_FLIGHT = 2;
/** Waiting for a connection, and then for a query: a lookup ends within their sum (2 s). */
const CONNECT_DEADLINE_MS = 1_000;
const QUERY_DEADLINE_MS = 1_000;
/** Unknown secrets a client may look up: a burst, then a steady rate. */
const UNKNOWN_SECRETS = { burst: 100, perSecond: 10, endClientsPerCaller: 10 };
/** How often usage is compacted (any instance; one at a time). */
const COMPACT_EVERY_MS = 10 * 60_000;

export type Verification = {
  /** Absent in a worker. */
  verifier?: Verifier;
  /** GET /v1/tokens/changes subscribers; absent in a worker. */
  changes?: ChangeStream;
  /** Drops the token here at once and tells the other instances (they also learn it from the feed). */
  tokenChanged(tokenId: string): void;
  status(): Record<string, unknown>;
  /** Resolves once the verification pool reached the database (for /readyz). */
  ping(): Promise<void>;
  /** How far this instance's clock is from the database's; throws beyond SKEW_WARNING_MS (for /readyz). */
  clock(): Record<string, unknown>;
  close(): Promise<void>;
};

/** What startVerification takes from the configuration, the same in every role. */
export const verificationSettings = (config: Config) => ({
  databaseUrl: config.databaseUrl,
  poolMode: config.databasePoolMode,
  redisPrefix: config.redisPrefix,
  tokenPrefix: config.tokenPrefix,
  hashSecret: config.tokenHashSecret,
  previousHashSecrets: config.previousTokenHashSecrets,
  rateLimitOnFailure: config.rateLimitOnFailure,
});

const deadlines = {
  connectionTimeoutMillis: CONNECT_DEADLINE_MS,
  query_timeout: QUERY_DEADLINE_MS,
  statement_timeout: QUERY_DEADLINE_MS,
};

export function startVerification(options: {
  serve: boolean;
  databaseUrl: string;
  redis: RedisClient;
  redisPrefix: string;
  poolMode?: PoolMode;
  tokenPrefix: string;
  hashSecret: string;
  previousHashSecrets: string[];
  logger: Logger;
  metrics: Metrics;
  lastUsedFlushMs?: number;
  rateLimitOnFailure?: RateLimitFailure;
  /** Told of FORBIDDEN and RATE_LIMITED refusals (at most once per token per hour from here). */
  onRefused?: (tokenId: string, code: 'FORBIDDEN' | 'RATE_LIMITED') => void;
}): Verification {
  const { logger } = options;
  if (!options.serve) {
    const notices = startChangeNotices(options);
    return {
      tokenChanged: notices.announce,
      status: () => ({}),
      ping: async () => undefined,
      clock: () => ({}),
      close: async () => notices.close(),
    };
  }
  const pool = createPool(options.poolMode ?? 'session', {
    connectionString: options.databaseUrl,
    max: 8,
    ...deadlines,
  });
  const feedPool = createPool(options.poolMode ?? 'session', {
    connectionString: options.databaseUrl,
    max: 1,
    ...deadlines,
  });
  // A connection lost while checked out is the pool's concern (store/pool.ts); one lost idle is told here.
  for (const p of [pool, feedPool])
    p.on('error', (error) => logger.warn({ err: error }, 'verification database connection problem'));
  const cache = new VerificationCache(STALE_BOUND_MS);
  const clock = new DatabaseClock(watchSkew(logger, options.metrics));
  const notices = startChangeNotices({ ...options, onNotice: (tokenId) => cache.invalidate([tokenId]) });
  const changes = createChangeStream();
  const feed = startChangeFeed({ pool: feedPool, cache, clock, logger, intervalMs: FEED_POLL_MS, listener: changes });
  const usage = createUsageRecorder((batch) => writeUsage(pool, batch), logger, options.lastUsedFlushMs);
  const compaction = setInterval(
    () => void compactUsage(pool).catch((error) => logger.warn({ err: error }, 'could not compact token usage')),
    COMPACT_EVERY_MS,
  );
  compaction.unref();
  const rateLimiter = new RateLimiter(options.redis, {
    redisPrefix: options.redisPrefix,
    onFailure: options.rateLimitOnFailure ?? 'open',
    logger,
    now: () => clock.now(),
  });
  const verifier = new Verifier({
    ...options,
    pool,
    lookups: new Lookups((digests) => lookupSecrets(pool, digests), LOOKUPS_IN_FLIGHT, CONNECT_DEADLINE_MS),
    cache,
    clock,
    usage,
    rateLimiter,
    onRefused: options.onRefused && hourly(options.onRefused),
    unknownSecrets: new UnknownSecretBudget(
      UNKNOWN_SECRETS.burst,
      UNKNOWN_SECRETS.perSecond,
      UNKNOWN_SECRETS.endClientsPerCaller,
    ),
  });
  return {
    verifier,
    changes,
    tokenChanged: (tokenId) => {
      cache.invalidate([tokenId]);
      notices.announce(tokenId);
    },
    ping: async () => void (await pool.query('SELECT 1')),
    status: () => ({
      cacheServing: cache.serving,
      feedPolledMsAgo: feed.lastPollStartedAt ? Math.round(monotonicMs() - feed.lastPollStartedAt) : null,
      changeSubscribers: changes.subscribers,
    }),
    clock: () => {
      const offset = clock.offset();
      if (offset && Math.abs(offset.ms) > SKEW_WARNING_MS) throw new Error(describeSkew(offset.ms));
      return { offsetMs: offset ? Math.round(offset.ms) : null, errorMs: offset ? Math.ceil(offset.errorMs) : null };
    },
    close: async () => {
      feed.stop();
      changes.close();
      notices.close();
      clearInterval(compaction);
      rateLimiter.close();
      await usage.stop();
      await Promise.allSettled([pool.end(), feedPool.end()]);
    },
  };
}

/** Passes on a token's refusal once an hour at most from this instance (the callee deduplicates
 *  across instances): a refused client retrying in a loop costs nothing. */
function hourly(tell: (tokenId: string, code: 'FORBIDDEN' | 'RATE_LIMITED') => void): typeof tell {
  const told = new Map<string, number>();
  return (tokenId, code) => {
    const now = monotonicMs();
    if (now - (told.get(tokenId) ?? -Infinity) < HOUR_MS) return;
    if (told.size > 10_000) told.clear();
    told.set(tokenId, now);
    tell(tokenId, code);
  };
}
