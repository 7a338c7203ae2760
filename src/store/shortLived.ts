// ShortLivedStore over Redis: claims (SET NX EX), holds released only by their holder, values
// with a lifetime, and paced slots, under the prefix. Two flavours: the worker's, on the patient
// client BullMQ needs (a command waits for Redis to come back), and the request path's, on a
// client that fails at once while Redis is unreachable, where each step ends by the request's
// deadline: retried through a failover (a cluster promotes a replica in about a second), then
// refused as `unavailable`, so that nothing a person was told had failed happens later.
import { randomUUID } from 'node:crypto';
import { ReplyError } from 'ioredis';
import { UnavailableError } from '../domain/errors.js';
import type { Hold, ShortLivedStore } from '../domain/ports.js';
import type { RedisClient } from './redis.js';
import { budget, race } from './requestDeadline.js';

// A leaky bucket: the key holds the next free moment (Redis's own clock, so every instance
// agrees); a caller takes max(now, next) and pushes next one interval further.
const SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + interval, 'PX', at + interval - now + 1000)
return at - now`;

// Takes the key for this holder if it is free; idempotent, so that a retry of a take whose
// answer was lost finds its own hold instead of someone else's.
const HOLD = `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then return 1 end
if held then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1`;

// Gives the key its lifetime again only if it still holds this holder's value: never takes it
// (a renewal re-sent after the release, through a failover, must not hold it again).
const RENEW_IF_MINE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
return 0`;

// Deletes the key only if it still holds this holder's value.
const RELEASE_IF_MINE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The longest a request-path step waits for Redis, retries included (less when its request's
 *  deadline comes sooner); an attempt without an answer is given up after ATTEMPT_MS and made
 *  again (a command sent to a master just killed never gets one). */
const STEP_MS = 2_000;
const ATTEMPT_MS = 500;
const RETRY_PAUSE_MS = 100;

/** Redis answered, and the answer is final (a script error, a wrong type): no retry helps. */
const final = (error: unknown) =>
  error instanceof ReplyError && !/^(CLUSTERDOWN|TRYAGAIN|LOADING|READONLY|MASTERDOWN)/.test((error as Error).message);

/** Runs an idempotent step until it succeeds or its time is up; UnavailableError then. */
async function persist<T>(step: () => Promise<T>): Promise<T> {
  const until = performance.now() + budget(STEP_MS);
  for (;;) {
    const left = until - performance.now();
    if (left <= 0) throw new UnavailableError(); // nothing sent once the time is up
    try {
      return await race(step(), Math.min(left, ATTEMPT_MS), 'redis');
    } catch (error) {
      if (final(error)) throw error;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(RETRY_PAUSE_MS, Math.max(0, until - performance.now()))),
      );
    }
  }
}

/** One attempt, for steps a retry could get wrong (a claim whose first answer was lost would
 *  look taken); UnavailableError when it fails or takes too long. */
async function once<T>(step: () => Promise<T>): Promise<T> {
  const left = budget(STEP_MS);
  if (left <= 0) throw new UnavailableError();
  try {
    return await race(step(), left, 'redis');
  } catch (error) {
    if (final(error)) throw error;
    throw new UnavailableError();
  }
}

function commands(redis: RedisClient, redisPrefix: string) {
  const key = (name: string) => `${redisPrefix}:${name}`;
  return {
    claim: async (name: string, ttlSeconds: number) =>
      (await redis.set(key(name), '1', 'EX', ttlSeconds, 'NX')) === 'OK',
    release: async (name: string) => void (await redis.del(key(name))),
    take: async (name: string, holder: string, ttlSeconds: number) =>
      Number(await redis.eval(HOLD, 1, key(name), holder, ttlSeconds)) === 1,
    renewIfMine: async (name: string, holder: string, ttlSeconds: number) =>
      Number(await redis.eval(RENEW_IF_MINE, 1, key(name), holder, ttlSeconds)) === 1,
    releaseIfMine: async (name: string, holder: string) =>
      void (await redis.eval(RELEASE_IF_MINE, 1, key(name), holder)),
    put: async (name: string, value: string, ttlSeconds: number) =>
      void (await redis.set(key(name), value, 'EX', ttlSeconds)),
    get: (name: string) => redis.get(key(name)),
    slot: async (name: string, intervalMs: number) =>
      Number(await redis.eval(SLOT, 1, key(name), Math.max(1, Math.round(intervalMs)))),
  };
}

/** The worker's: each command waits for Redis. */
export function createShortLivedStore(redis: RedisClient, redisPrefix: string): ShortLivedStore {
  const run = commands(redis, redisPrefix);
  return {
    claim: run.claim,
    release: run.release,
    hold: async (name, ttlSeconds): Promise<Hold | null> => {
      const mine = randomUUID();
      if (!(await run.take(name, mine, ttlSeconds))) return null;
      return { release: () => run.releaseIfMine(name, mine), renew: () => run.renewIfMine(name, mine, ttlSeconds) };
    },
    put: run.put,
    get: run.get,
    slot: run.slot,
  };
}

/** The request path's: `redis` fails fast (no offline queue), each step ends by the deadline. */
export function createRequestShortLivedStore(redis: RedisClient, redisPrefix: string): ShortLivedStore {
  const run = commands(redis, redisPrefix);
  return {
    claim: (name, ttlSeconds) => once(() => run.claim(name, ttlSeconds)),
    release: (name) => persist(() => run.release(name)),
    hold: async (name, ttlSeconds): Promise<Hold | null> => {
      const mine = randomUUID();
      let taken: boolean;
      try {
        taken = await persist(() => run.take(name, mine, ttlSeconds));
      } catch (error) {
        // A take may still reach Redis after we gave up on it: undo it (after it, on the same
        // connection), or a corrected form could never be submitted again.
        run.releaseIfMine(name, mine).catch(() => undefined);
        throw error;
      }
      if (!taken) return null;
      return {
        release: () => persist(() => run.releaseIfMine(name, mine)),
        renew: () => persist(() => run.renewIfMine(name, mine, ttlSeconds)),
      };
    },
    put: (name, value, ttlSeconds) => persist(() => run.put(name, value, ttlSeconds)),
    get: (name) => persist(() => run.get(name)),
    slot: (name, intervalMs) => once(() => run.slot(name, intervalMs)),
  };
}
