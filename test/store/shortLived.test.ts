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
    const release = await store.hold('lock-a', 60);
    expect(release).not.toBeNull();
    expect(await store.hold('lock-a', 60)).toBeNull();
    await release!();
    const again = await store.hold('lock-a', 60);
    expect(again).not.toBeNull();
    await again!();
  });

  it("a holder that outlived its hold does not free the next holder's", async () => {
    const late = await store.hold('lock-b', 1);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // the hold expires mid-work
    const next = await store.hold('lock-b', 60);
    expect(next).not.toBeNull();
    await late!(); // the first holder finishes and releases
    expect(await store.hold('lock-b', 60)).toBeNull(); // still the second holder's
    await next!();
    expect(await store.get('lock-b')).toBeNull();
  });
});
