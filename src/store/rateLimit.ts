// A fixed-window rate limit in Redis, shared by every instance: at most `max` requests per key
// in each window. Keys are hashed, since they may be credentials.
import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.js';

export function createRateLimit(options: { redis: RedisClient; redisPrefix: string; name: string; max: number; windowSeconds: number }) {
  return async (key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> => {
    const window = Math.floor(Date.now() / 1000 / options.windowSeconds);
    const hashed = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const redisKey = `${options.redisPrefix}:rate:${options.name}:${hashed}:${window}`;
    const [[, count]] = (await options.redis.multi().incr(redisKey).expire(redisKey, options.windowSeconds * 2).exec()) as [[unknown, number]];
    if (count <= options.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: (window + 1) * options.windowSeconds - Math.floor(Date.now() / 1000) };
  };
}
