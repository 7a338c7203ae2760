// A playground for one test file, as `npm start` opens it without Slack credentials: its own
// database and Redis prefix, started before the tests and stopped (and dropped) after them.
import http from 'node:http';
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

/** A request to the playground with exactly these headers (fetch will not send a forged Host);
 * `address` and `to` send it elsewhere, still naming the playground in Host. */
export function requestPlayground(
  site: { port: number },
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  address = '127.0.0.1',
  to = site.port,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: address, port: to, method, path, headers: { host: `127.0.0.1:${site.port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
