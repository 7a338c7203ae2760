// The instance's connections: the pg pool and Prisma over it, Redis (BullMQ's patient client and
// the request path's that fails fast), the job queue and the short-lived stores in Redis.
import { createQueue } from '../jobs/queue.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../observability/logger.js';
import { createPool } from '../store/pool.js';
import { createPrisma } from '../store/prisma.js';
import { createRedis, requestPathRedis } from '../store/redis.js';
import { createRequestShortLivedStore, createShortLivedStore } from '../store/shortLived.js';
import { within } from './within.js';

export type Connections = ReturnType<typeof openConnections>;

export function openConnections(config: Config, logger: Logger) {
  const pool = createPool(config.databasePoolMode, { connectionString: config.databaseUrl, max: 10 });
  pool.on('error', (error) => logger.warn({ err: error }, 'database connection problem'));
  const prisma = createPrisma(pool);
  // Prisma's first use loads its query compiler (a second or two): now, not in a Slack request's 3 s.
  const warmUp = prisma
    .$queryRawUnsafe('SELECT 1')
    .catch((error: unknown) => logger.warn({ err: error }, 'database not reachable at start'));
  // BullMQ needs maxRetriesPerRequest: null (a command waits for Redis to come back): the worker's
  // and the queue's client. What someone waits on (a Slack request, a leak report) has its own,
  // which fails fast, and a deadline (store/requestDeadline.ts).
  const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection problem'));
  const requestRedis = requestPathRedis(redis);
  requestRedis.on('error', () => undefined); // the client above reports connection problems
  return {
    pool,
    prisma,
    warmUp,
    redis,
    requestRedis,
    queue: createQueue(redis, config.redisPrefix, logger),
    shortLived: createShortLivedStore(redis, config.redisPrefix),
    requestStore: createRequestShortLivedStore(requestRedis, config.redisPrefix),
  };
}

/** Closes Redis and the database, a second at most, then drops what is left. */
export async function closeConnections({ redis, requestRedis, prisma, pool }: Connections): Promise<void> {
  await within(
    1_000,
    Promise.allSettled([redis.quit(), requestRedis.quit(), prisma.$disconnect().then(() => pool.end())]),
  );
  redis.disconnect();
  requestRedis.disconnect();
}
