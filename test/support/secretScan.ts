// Everything a secret could leak into, as text: the database (every table), Redis (every key
// of the test's prefix, whatever its type), the app's log lines and every call to Slack.
import pg from 'pg';
import { onEveryRedisNode } from './databases.js';
import type { TestApp } from './testApp.js';

async function databaseText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let text = '';
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`SELECT row_to_json(t)::text AS row FROM ${pg.escapeIdentifier(table_name)} t`);
      text += rows.rows.map((r) => r.row).join('\n');
    }
    return text;
  } finally {
    await client.end();
  }
}

async function redisText(prefix: string): Promise<string> {
  let text = '';
  await onEveryRedisNode(async (redis) => {
    for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          const value =
            type === 'string'
              ? await redis.get(key)
              : type === 'hash'
                ? await redis.hgetall(key)
                : type === 'list'
                  ? await redis.lrange(key, 0, -1)
                  : type === 'set'
                    ? await redis.smembers(key)
                    : type === 'zset'
                      ? await redis.zrange(key, 0, -1)
                      : type === 'stream'
                        ? await redis.xrange(key, '-', '+')
                        : null;
          text += `${key} ${JSON.stringify(value)}\n`;
        }
      } while (cursor !== '0');
    }
  });
  return text;
}

const count = (text: string, secret: string) => text.split(secret).length - 1;

/** Where `secret` appears: expected to be exactly one Slack call and nothing else. */
export async function scanForSecret(app: TestApp, secret: string) {
  const slackCalls = app.fake.calls.filter((call) => JSON.stringify(call.args).includes(secret));
  return {
    slackCalls: slackCalls.map((call) => call.method),
    responseUrlPosts: app.fake.responses.filter((r) => JSON.stringify(r.body).includes(secret)).length,
    logs: count(app.logs.join('\n'), secret),
    database: count(await databaseText(app.databaseUrl), secret),
    redis: count(await redisText(app.config.redisPrefix), secret),
  };
}

/** What scanForSecret finds of a secret shown once, in its ephemeral DM, and kept nowhere else. */
export const ONLY_IN_ITS_DM = {
  slackCalls: ['chat.postEphemeral'],
  responseUrlPosts: 0,
  logs: 0,
  database: 0,
  redis: 0,
};
/** What scanForSecret finds of a secret that went nowhere at all. */
export const NOWHERE = { slackCalls: [], responseUrlPosts: 0, logs: 0, database: 0, redis: 0 };

export const SECRET_PATTERN = /tko_[0-9A-Za-z]{36}/;

/** The secret delivered in the latest ephemeral DM to `userId`. */
export function deliveredSecret(app: TestApp, userId: string): string | undefined {
  const dm = app.fake
    .callsTo('chat.postEphemeral')
    .filter((call) => call.args.user === userId && String(call.args.channel).startsWith('D'))
    .pop();
  return dm && SECRET_PATTERN.exec(JSON.stringify(dm.args.blocks))?.[0];
}
