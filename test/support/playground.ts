// A playground for one test file, as `npm start` opens it without Slack credentials: its own
// database and Redis prefix, started before the tests and stopped (and dropped) after them.
import { afterAll, beforeAll } from 'vitest';
import { startPlayground, type Playground } from '../../playground/start.js';
import { createRedisPrefix, createTestDatabase } from './databases.js';

export function usePlayground(databaseName: string, logLevel = 'silent') {
  const site = {} as { playground: Playground; port: number; env: Record<string, string> };
  const cleanup: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    const [database, redis] = await Promise.all([
      createTestDatabase(databaseName),
      createRedisPrefix('tokenops-playground-'),
    ]);
    cleanup.push(database.drop, redis.clean);
    site.env = { PORT: '0', DATABASE_URL: database.url, REDIS_PREFIX: redis.prefix, LOG_LEVEL: logLevel };
    site.playground = await startPlayground(site.env);
    site.port = Number(new URL(site.playground.url).port);
  });
  afterAll(async () => {
    await site.playground?.stop();
    for (const step of cleanup) await step();
  });
  return site;
}
