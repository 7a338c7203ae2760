// Local leases of a rate limit (src/verification/rateLimiter.ts): three limiters sharing one
// Redis, as three instances do, each taking up to limit/1000 requests at once. Every admitted
// request was charged in Redis first, so no window admits more than the limit; what leases may
// waste is bounded; and a lease answers without a Redis call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRateLimit } from '../../src/domain/policy.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRedis, type RedisClient } from '../../src/store/redis.js';
import { RateLimiter } from '../../src/verification/rateLimiter.js';
import { REDIS_URL, createRedisPrefix } from '../support/databases.js';

const prefix = createRedisPrefix();
let redis: RedisClient;
let limiters: RateLimiter[];
beforeAll(() => {
  redis = createRedis(REDIS_URL);
  const logger = createLogger({ level: 'silent', tokenPrefix: 'tko' });
  limiters = [0, 1, 2].map(
    () => new RateLimiter(redis, { redisPrefix: prefix.prefix, onFailure: 'closed', logger, now: () => Date.now() }),
  );
});
afterAll(async () => {
  for (const limiter of limiters) limiter.close();
  await prefix.clean();
  redis.disconnect();
});

/** Takes `count` requests through the three limiters in turn, all at once; the admitted ones' times. */
async function hammer(tokenId: string, rate: string, count: number): Promise<number[]> {
  const limit = parseRateLimit(rate)!;
  const states = await Promise.all(
    Array.from({ length: count }, (_, i) => limiters[i % 3]!.take(tokenId, limit, true)),
  );
  return states.filter((state) => state.allowed).map(() => Date.now());
}

describe('rate limit leases', () => {
  it('admit no more than the limit across three instances, and waste at most a lease per instance', async () => {
    const admitted = await hammer('lease-hour', '30000/h', 33_000); // leases of 30
    expect(admitted.length).toBeLessThanOrEqual(30_000);
    expect(admitted.length).toBeGreaterThanOrEqual(30_000 - 3 * 29); // one sub-bucket: one lease's rest per instance
  }, 30_000);

  it('keep any one-second window within the limit while sub-buckets roll over', async () => {
    const limit = parseRateLimit('5000/s')!; // leases of 5, sub-buckets of 100 ms
    const times: number[] = [];
    const end = Date.now() + 2_500;
    while (Date.now() < end) {
      const states = await Promise.all(
        Array.from({ length: 300 }, (_, i) => limiters[i % 3]!.take('lease-second', limit, true)),
      );
      const now = Date.now();
      for (const state of states) if (state.allowed) times.push(now);
    }
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(5_000 * 1.1); // the bound is exact in Redis's time; this counts by arrival here
  }, 30_000);

  it('answer from the lease without Redis, and report what is left', async () => {
    const limit = parseRateLimit('100000/h')!; // leases of 100
    const first = await limiters[0]!.take('lease-local', limit, true);
    expect(first).toMatchObject({ allowed: true, limit: 100_000, remaining: 99_999 });
    const next = limiters[0]!.take('lease-local', limit, true);
    expect(next).not.toBeInstanceOf(Promise); // decided here, synchronously
    expect(next).toMatchObject({ allowed: true, remaining: 99_998 });
    const elsewhere = await limiters[1]!.take('lease-local', limit, true); // another instance: its own lease, charged in Redis
    expect(elsewhere).toMatchObject({ allowed: true, remaining: 99_899 });
  });

  it('reserve ahead for a token seen less often than its leases last, and answer from those without Redis', async () => {
    const limit = parseRateLimit('100000/s')!; // leases of 100, sub-buckets of 100 ms
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await limiters[0]!.take('lease-ahead', limit, true);
    await sleep(150); // that lease ended unspent: the next call reserves the next 10 sub-buckets too
    await limiters[0]!.take('lease-ahead', limit, true);
    let calls = 0;
    let takes = 0;
    for (const end = Date.now() + 900; Date.now() < end; takes++) {
      await sleep(30);
      const state = limiters[0]!.take('lease-ahead', limit, true);
      if (state instanceof Promise) calls++;
      expect(await state).toMatchObject({ allowed: true });
    }
    // Without reserving ahead, the first take in each sub-bucket would call Redis: one in three.
    expect(calls).toBeLessThanOrEqual(Math.max(2, takes / 6));
  });

  it('still reserve ahead for more than 10,000 tokens seen less often than their leases last', async () => {
    const limit = parseRateLimit('100000/s')!; // leases of 100, sub-buckets of 100 ms
    const limiter = new RateLimiter(redis, {
      redisPrefix: prefix.prefix,
      onFailure: 'closed',
      logger: createLogger({ level: 'silent', tokenPrefix: 'tko' }),
      now: () => Date.now(),
    });
    const tokens = Array.from({ length: 12_000 }, (_, i) => `many-${i}`);
    /** One request of every token, a hundred at a time (a reservation's bounds are known to its
     *  call's round trip, which thousands of scripts queued in Redis at once would stretch past a
     *  sub-bucket); how many needed a Redis call. */
    const round = async () => {
      let calls = 0;
      for (let i = 0; i < tokens.length; i += 100) {
        const states = tokens.slice(i, i + 100).map((token) => limiter.take(token, limit, true));
        calls += states.filter((state) => state instanceof Promise).length;
        for (const state of await Promise.all(states)) expect(state.allowed).toBe(true);
      }
      return calls;
    };
    const sleep = () => new Promise((resolve) => setTimeout(resolve, 150));
    try {
      await round(); // each token's first lease: its current sub-bucket's alone
      await sleep(); // those ended unspent: the next calls reserve ahead
      await round();
      await sleep();
      // Answered from the reservations; a sweep that forgot the ended leases made these all calls.
      expect(await round()).toBeLessThan(tokens.length / 10);
    } finally {
      limiter.close();
    }
  }, 30_000);

  it('let a lowered limit start from what was used, not from what was reserved ahead under the old one', async () => {
    const high = parseRateLimit('100000/s')!; // leases of 100, 50 sub-buckets reserved ahead
    await limiters[0]!.take('lease-lowered', high, true);
    await new Promise((resolve) => setTimeout(resolve, 150)); // unspent: the next call reserves ahead
    await limiters[0]!.take('lease-lowered', high, true);
    const reservedAt = Date.now();
    // Two requests used, and leases of 100 taken in each sub-bucket of the next 5 s. Lowered to
    // 1,000/s (leases of 1): the window holds the two sub-buckets' 200, and the reservations of
    // sub-buckets begun since (they may have been spent: 100 each, on a slow machine), nothing
    // ahead. Without dropping those, the window would hold 1,100: all three refused.
    const low = parseRateLimit('1000/s')!;
    const states = await Promise.all(limiters.map((limiter) => limiter.take('lease-lowered', low, true)));
    const begun = Math.ceil((Date.now() - reservedAt) / 100) + 1;
    expect(states.map((state) => state.allowed)).toEqual([true, true, true]);
    expect(states[2]!.remaining).toBeGreaterThanOrEqual(1_000 - 100 * (2 + begun) - 3);
    // And the lowered limit holds: no more than 1,000 in the window from here.
    const admitted = await hammer('lease-lowered', '1000/s', 1_500);
    expect(admitted.length).toBeLessThanOrEqual(1_000 - 3);
    // Every field is a number, the limit's too: the script of the build before it (a rolling
    // deploy, a rollback) reads each field as a sub-bucket and would fail on any other name.
    const fields = await redis.hkeys(`${prefix.prefix}:rl:{lease-lowered}`);
    expect(fields.length).toBeGreaterThan(1);
    expect(fields.filter((field) => !/^-?\d+$/.test(field))).toEqual([]);
  });

  it('answer between two reserved sub-buckets without Redis, whichever of the two Redis is in', async () => {
    const limit = parseRateLimit('100000/s')!; // leases of 100, sub-buckets of 100 ms
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await limiters[0]!.take('lease-bridge', limit, true);
    await sleep(150); // that lease ended unspent: the next call reserves the next 5 s
    await limiters[0]!.take('lease-bridge', limit, true);
    let calls = 0;
    // A few ms apart for over a second: each change of sub-bucket (a dozen) is met while this
    // instance cannot tell which of the two is Redis's; each such request spends from both.
    for (const end = Date.now() + 1_200; Date.now() < end;) {
      await sleep(2);
      const state = limiters[0]!.take('lease-bridge', limit, true);
      if (state instanceof Promise) calls++;
      const taken = await state;
      expect(taken.allowed).toBe(true);
    }
    expect(calls).toBeLessThanOrEqual(1);
  });

  it('admit a request that waited for its call even when the answer comes after its sub-bucket ended', async () => {
    const limit = parseRateLimit('100000/s')!; // leases of 100, sub-buckets of 100 ms
    const state = limiters[1]!.take('lease-late', limit, true);
    const stalled = Date.now() + 250; // a busy event loop: the answer is read after its sub-bucket
    while (Date.now() < stalled);
    // Counted once, in Redis, while the request was there: not asked again (a second lease
    // would leave 99,899).
    expect(await state).toMatchObject({ allowed: true, remaining: 99_999 });
  });

  it('keep any one-second window within the limit when reservations ahead meet a burst', async () => {
    const limit = parseRateLimit('5000/s')!; // leases of 5, sub-buckets of 100 ms
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const times: number[] = [];
    const take = async (count: number) => {
      const states = await Promise.all(
        Array.from({ length: count }, (_, i) => limiters[i % 3]!.take('lease-ahead-burst', limit, true)),
      );
      const now = Date.now();
      for (const state of states) if (state.allowed) times.push(now);
    };
    for (let i = 0; i < 8; i++) {
      await take(3); // one each: slow clients, whose leases end unspent and reserve ahead
      await sleep(120);
    }
    for (const end = Date.now() + 1_500; Date.now() < end;) await take(300);
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(5_000 * 1.1); // exact in Redis's time; this counts by arrival here
    expect(most).toBeGreaterThanOrEqual(5_000 * 0.8); // the burst got nearly all of it
  }, 30_000);

  it('keep a refusal locally until its sub-bucket ends', async () => {
    const limit = parseRateLimit('2/h')!;
    expect((await limiters[0]!.take('lease-refused', limit, true)).allowed).toBe(true);
    expect((await limiters[0]!.take('lease-refused', limit, true)).allowed).toBe(true);
    expect((await limiters[0]!.take('lease-refused', limit, true)).allowed).toBe(false);
    const again = limiters[0]!.take('lease-refused', limit, true);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toMatchObject({ allowed: false, remaining: 0 });
  });
});

describe('rate limits without Redis', () => {
  it('follow RATE_LIMIT_ON_FAILURE: open admits and claims the whole limit; closed refuses and says nothing is left, to a read too', async () => {
    const unreachable = createRedis('redis://127.0.0.1:1');
    unreachable.on('error', () => undefined);
    const logger = createLogger({ level: 'silent', tokenPrefix: 'tko' });
    const limit = parseRateLimit('100/min')!;
    try {
      for (const onFailure of ['open', 'closed'] as const) {
        const limiter = new RateLimiter(unreachable, {
          redisPrefix: prefix.prefix,
          onFailure,
          logger,
          now: () => Date.now(),
        });
        try {
          const [spent, read] = [await limiter.take('t-down', limit, true), await limiter.take('t-down', limit, false)];
          const left = onFailure === 'open' ? 100 : 0;
          expect([spent.allowed, spent.remaining, read.allowed, read.remaining]).toEqual([
            onFailure === 'open',
            left,
            true,
            left,
          ]);
        } finally {
          limiter.close();
        }
      }
    } finally {
      unreachable.disconnect();
    }
  });
});
