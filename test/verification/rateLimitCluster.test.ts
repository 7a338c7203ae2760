// Rate limits on a Redis Cluster (README: Governing use): the window of a token is one hash-tagged key, counted
// by one script, so three instances on a three-master cluster admit the limit and no more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisCluster } from '../support/redisCluster.js';
import { useTestApp } from '../support/testApp.js';
import { seedTenants, tokenInput } from '../support/tenants.js';
import { verify } from '../support/verification.js';

const app = useTestApp();
let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(() => cluster?.stop());

describe('rate limits on a Redis Cluster', () => {
  it('admit exactly the limit across three instances, for tokens whose keys live on different masters', async () => {
    const root = (await seedTenants(app.tokenops)).root;
    const tokens = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app.tokenops.tokens.create(root, tokenInput('org:acme', `clustered ${i}`, { rateLimit: '20/h' })),
      ),
    );
    const instances = (
      await Promise.all([0, 1, 2].map(() => app.startInstance({ role: 'web', env: { REDIS_URL: cluster.url } })))
    ).map((o) => o.tokenops);
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (const { secret } of tokens) {
      const answers = await Promise.all(
        Array.from({ length: 45 }, (_, i) => verify(instances[i % 3]!, { token: secret })),
      );
      expect(answers.filter((a) => a.body.code === 'VALID')).toHaveLength(20);
      expect(answers.filter((a) => a.body.code === 'RATE_LIMITED')).toHaveLength(25);
    }
    // The keys are spread over the masters (a hash tag per token, not one slot for all).
    const holders = await Promise.all(
      cluster.ports.map(async (port) => Number((await cluster.cli(port, 'dbsize')).trim())),
    );
    expect(holders.filter((n) => n > 0).length).toBeGreaterThan(1);
  }, 60_000);
});
