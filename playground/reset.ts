// `npm run playground:reset`: the playground from scratch. Its clock only moves forward and its
// data stays between starts; this drops its database and its Redis keys, so that the next
// `npm start` seeds the example again with the clock at now. It drops only a database that is
// the playground's (named and marked as such, or empty), and not while a playground runs on it.
import { Cluster, type Redis } from 'ioredis';
import pg from 'pg';
import { createRedis } from '../src/store/redis.js';
import {
  PLAYGROUND_DATABASE_URL,
  PLAYGROUND_REDIS_PREFIX,
  PlaygroundRefusal,
  environmentProblems,
  isMarked,
  isPlaygroundDatabaseName,
  refuseForeignData,
} from './safety.js';

type Env = Record<string, string | undefined>;

/** Resolves with what was removed; throws PlaygroundRefusal when it must not. */
export async function resetPlayground(env: Env): Promise<{ database: boolean; redisKeys: number }> {
  const problems = environmentProblems(env);
  if (problems.length) throw new PlaygroundRefusal(problems);
  const databaseUrl = env.DATABASE_URL?.trim() || PLAYGROUND_DATABASE_URL;
  const prefix = env.REDIS_PREFIX?.trim() || PLAYGROUND_REDIS_PREFIX;
  const database = await dropPlaygroundDatabase(databaseUrl);
  const redisKeys = await deleteKeys(env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379', prefix);
  return { database, redisKeys };
}

async function dropPlaygroundDatabase(databaseUrl: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!isPlaygroundDatabaseName(name)) throw new PlaygroundRefusal([`the database "${name}" is not the playground's.`]);
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) return false;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      if (!(await isMarked(client))) await refuseForeignData(client, name);
      const { rows } = await client.query<{ others: number }>(
        'SELECT count(*)::int AS others FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      if (rows[0]!.others > 0)
        throw new PlaygroundRefusal([
          `a playground is running on "${name}" (${rows[0]!.others} connections): stop it first (Ctrl-C where it runs).`,
        ]);
    } finally {
      await client.end();
    }
    // Not WITH (FORCE): a playground that started meanwhile makes this fail instead of breaking it.
    await admin.query(`DROP DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}

/** Deletes every key of the namespace (tokenops' own and BullMQ's hash-tagged ones). */
async function deleteKeys(redisUrl: string, prefix: string): Promise<number> {
  const client = createRedis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  try {
    if (client instanceof Cluster)
      await new Promise((resolve, reject) => client.once('ready', resolve).once('error', reject));
    let deleted = 0;
    for (const node of client instanceof Cluster ? client.nodes('master') : [client as Redis]) {
      for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          for (const key of keys) deleted += await node.unlink(key); // one by one: keys may sit in different slots
          cursor = next;
        } while (cursor !== '0');
      }
    }
    return deleted;
  } finally {
    client.disconnect();
  }
}
