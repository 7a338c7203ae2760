// ShortLivedStore over Redis: claims (SET NX EX), holds released only by their holder, values
// with a lifetime, and paced slots, under the prefix.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis.js';
import type { ShortLivedStore } from '../domain/ports.js';

// A leaky bucket: the key holds the next free moment (Redis's own clock, so every instance
// agrees); a caller takes max(now, next) and pushes next one interval further.
const SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + interval, 'PX', at + interval - now + 1000)
return at - now`;

// Deletes the key only if it still holds this holder's value.
const RELEASE_IF_MINE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createShortLivedStore(redis: RedisClient, redisPrefix: string): ShortLivedStore {
  const key = (name: string) => `${redisPrefix}:${name}`;
  return {
    claim: async (name, ttlSeconds) => (await redis.set(key(name), '1', 'EX', ttlSeconds, 'NX')) === 'OK',
    release: async (name) => void (await redis.del(key(name))),
    hold: async (name, ttlSeconds) => {
      const mine = randomUUID();
      if ((await redis.set(key(name), mine, 'EX', ttlSeconds, 'NX')) !== 'OK') return null;
      return async () => void (await redis.eval(RELEASE_IF_MINE, 1, key(name), mine));
    },
    put: async (name, value, ttlSeconds) => void (await redis.set(key(name), value, 'EX', ttlSeconds)),
    get: (name) => redis.get(key(name)),
    slot: async (name, intervalMs) => Number(await redis.eval(SLOT, 1, key(name), Math.max(1, Math.round(intervalMs)))),
  };
}
