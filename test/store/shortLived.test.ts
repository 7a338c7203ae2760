// The Redis ShortLivedStore: holds that only their holder can release.
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/store/redis.js';
import { createShortLivedStore } from '../../src/store/shortLived.js';
import { REDIS_URL, createRedisPrefix } from '../support/databases.js';

const redisPrefix = createRedisPrefix();
const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
const store = createShortLivedStore(redis, redisPrefix.prefix);

afterAll(async () => {
  redis.disconnect();
  await redisPrefix.clean();
});

describe('ShortLivedStore holds', () => {
  it('gives a key to one holder at a time, and frees it on release', async () => {
    const hold = await store.hold('lock-a', 60);
    expect(hold).not.toBeNull();
    expect(await store.hold('lock-a', 60)).toBeNull();
    await hold!.release();
    const again = await store.hold('lock-a', 60);
    expect(again).not.toBeNull();
    await again!.release();
  });

  it("a holder that outlived its hold does not free the next holder's", async () => {
    const late = await store.hold('lock-b', 1);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // the hold expires mid-work
    const next = await store.hold('lock-b', 60);
    expect(next).not.toBeNull();
    expect(await late!.renew()).toBe(false); // nor renew it
    await late!.release(); // the first holder finishes and releases
    expect(await store.hold('lock-b', 60)).toBeNull(); // still the second holder's
    await next!.release();
    expect(await store.get('lock-b')).toBeNull();
  });

  it('a renewed hold lasts its whole lifetime again from the renewal', async () => {
    const hold = await store.hold('lock-c', 1);
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await hold!.renew()).toBe(true);
    }
    expect(await store.hold('lock-c', 60)).toBeNull(); // 1.8 s after a hold of 1 s
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // not renewed: it lapses
    expect(await hold!.renew()).toBe(false); // nor is it taken again by a renewal
    const next = await store.hold('lock-c', 60);
    expect(next).not.toBeNull();
    await next!.release();
    expect(await next!.renew()).toBe(false); // released: a renewal sent late does not hold it again
    expect(await store.get('lock-c')).toBeNull();
  });
});
