// ShortLivedStore over Redis: claims (SET NX EX) and values with a lifetime, under the prefix.
import type { RedisClient } from './redis.js';
import type { ShortLivedStore } from '../domain/ports.js';

export function createShortLivedStore(redis: RedisClient, redisPrefix: string): ShortLivedStore {
  const key = (name: string) => `${redisPrefix}:${name}`;
  return {
    claim: async (name, ttlSeconds) => (await redis.set(key(name), '1', 'EX', ttlSeconds, 'NX')) === 'OK',
    release: async (name) => void (await redis.del(key(name))),
    put: async (name, value, ttlSeconds) => void (await redis.set(key(name), value, 'EX', ttlSeconds)),
    get: (name) => redis.get(key(name)),
  };
}
