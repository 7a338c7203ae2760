// `npm run playground:reset`: the playground from scratch (its clock moves only forward and its
// data persists), never a database that is not the playground's, never under a running playground.
import { afterAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../../playground/start.js';
import { resetPlayground } from '../../playground/reset.js';
import { PlaygroundRefusal } from '../../playground/safety.js';
import { migrate } from '../../src/store/migrations.js';
import { createRedisPrefix, createTestDatabase, databaseUrl, onEveryRedisNode, sql } from '../support/databases.js';

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup) await step();
});

const exists = async (url: string) =>
  (await sql(databaseUrl('postgres'), 'SELECT 1 FROM pg_database WHERE datname = $1', [new URL(url).pathname.slice(1)]))
    .length > 0;
async function keys(prefix: string): Promise<number> {
  let count = 0;
  await onEveryRedisNode(async (node) => void (count += (await node.keys(`*${prefix}*`)).length));
  return count;
}

describe('playground:reset', () => {
  it('drops the playground’s database and Redis keys, but not while it runs; the next start is fresh', async () => {
    const [database, redis] = await Promise.all([
      createTestDatabase('tokenops_playground_test'),
      createRedisPrefix('tokenops-playground-'),
    ]);
    cleanup.push(database.drop, redis.clean);
    const env = { PORT: '0', DATABASE_URL: database.url, REDIS_PREFIX: redis.prefix, LOG_LEVEL: 'silent' };
    let playground = await startPlayground(env);
    await playground.tokenops.tenants.createOrganization(
      { userId: 'U0PGADMIN1', grants: [{ role: 'workspace_admin' }] },
      'tried',
      'Tried out',
    );
    await expect(resetPlayground(env)).rejects.toThrow(
      /a playground is running on "tokenops_playground_test_\w+" \(\d+ connections\): stop it first/,
    );
    expect(await exists(database.url)).toBe(true);
    await playground.stop();
    expect(await keys(redis.prefix)).toBeGreaterThan(0);

    expect(await resetPlayground(env)).toEqual({ database: true, redisKeys: expect.any(Number) });
    expect(await exists(database.url)).toBe(false);
    expect(await keys(redis.prefix)).toBe(0);
    expect(await resetPlayground(env)).toEqual({ database: false, redisKeys: 0 });

    playground = await startPlayground(env, { migrate: async (url) => void (await migrate(url)) });
    const slugs = (await sql(database.url, 'SELECT slug FROM organizations ORDER BY slug')).map((row) => row.slug);
    expect(slugs).toEqual(['acme']);
    await playground.stop();
  }, 60_000);

  it('refuses a database that is not the playground’s, and leaves it', async () => {
    const real = await createTestDatabase('tokenops_test');
    cleanup.push(real.drop);
    await expect(resetPlayground({ DATABASE_URL: real.url })).rejects.toBeInstanceOf(PlaygroundRefusal);
    const named = await createTestDatabase('tokenops_playground_test');
    cleanup.push(named.drop);
    await sql(
      named.url,
      "INSERT INTO organizations (id, slug, name, created_by) VALUES (gen_random_uuid(), 'real-corp', 'Real Corp', 'U0REALADMIN')",
    );
    await expect(resetPlayground({ DATABASE_URL: named.url })).rejects.toThrow(
      /holds data the playground did not put there/,
    );
    expect(await exists(real.url)).toBe(true);
    expect(await exists(named.url)).toBe(true);
  });
});
