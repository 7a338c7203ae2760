// A fixed-window rate limit in Redis, shared by every instance: at most `max` requests per key
// in each window. Keys are hashed, since they may be credentials. The callers are scanners
// reporting leaks, which must be served whatever Redis does: when Redis does not answer within
// a quarter of a second, this instance counts alone (the same limit, per instance) until it does.
import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.js';
import { race } from './requestDeadline.js';

const REDIS_WAIT_MS = 250;

export function createRateLimit(options: {
  redis: RedisClient;
  redisPrefix: string;
  name: string;
  max: number;
  windowSeconds: number;
}) {
  const local = new Map<string, { window: number; count: number }>();
  const countLocally = (hashed: string, window: number) => {
    const entry = local.get(hashed);
    const count = entry?.window === window ? entry.count + 1 : 1;
    local.set(hashed, { window, count });
    return count;
  };
  return async (key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> => {
    const window = Math.floor(Date.now() / 1000 / options.windowSeconds);
    const hashed = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const redisKey = `${options.redisPrefix}:rate:${options.name}:${hashed}:${window}`;
    const shared = await race(
      options.redis
        .multi()
        .incr(redisKey)
        .expire(redisKey, options.windowSeconds * 2)
        .exec(),
      REDIS_WAIT_MS,
      'redis',
    ).then(
      (replies) => replies?.[0]?.[1],
      () => undefined,
    );
    const count = typeof shared === 'number' ? shared : countLocally(hashed, window);
    if (count <= options.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: (window + 1) * options.windowSeconds - Math.floor(Date.now() / 1000) };
  };
}
