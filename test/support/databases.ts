// Per-test-file isolation on the real PostgreSQL and Redis: each file gets its own database,
// cloned from a migrated template (fast), and its own Redis key prefix; both are removed after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Cluster, type Redis } from 'ioredis';
import { createRedis } from '../../src/store/redis.js';
import { inject } from 'vitest';
import { dropDatabase } from '../../src/store/database.js';

export const SERVER_URL = process.env.TEST_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
/** A redis:// URL, or redis+cluster://… when the suite runs against a Redis Cluster. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Set when the suite runs behind PgBouncer (transaction pooling): the app connects through it. */
export const PGBOUNCER_URL = process.env.TEST_PGBOUNCER_URL;

/** Runs `work` on every server holding keys: the one Redis, or each master of a cluster. */
export async function onEveryRedisNode(work: (node: Redis) => Promise<void>): Promise<void> {
  const client = createRedis(REDIS_URL);
  if (client instanceof Cluster)
    await new Promise((resolve, reject) => client.once('ready', resolve).once('error', reject));
  try {
    for (const node of client instanceof Cluster ? client.nodes('master') : [client as Redis]) await work(node);
  } finally {
    client.disconnect();
  }
}

export const databaseUrl = (name: string) => `${SERVER_URL}/${name}`;

/** Runs one SQL statement on a test database, for set-ups the product offers no way to make
 *  (a token created 60 days ago, one that just expired). */
export async function sql(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** `prefix`: the database's name before its random part (the playground's must start tokenops_playground). */
export async function createTestDatabase(prefix = 'tokenops_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  return { url, drop: () => dropDatabase(url) };
}

/** `base`: what the prefix starts with (the playground's must start tokenops-playground-). */
export function createRedisPrefix(base = ''): { prefix: string; clean(): Promise<void> } {
  const prefix = `${base}t${randomBytes(5).toString('hex')}`;
  return {
    prefix,
    clean: () =>
      onEveryRedisNode(async (redis) => {
        for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            for (const key of keys) await redis.del(key); // one by one: keys of a node may be in different slots
            cursor = next;
          } while (cursor !== '0');
        }
      }),
  };
}
