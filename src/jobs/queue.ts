// The BullMQ queue every background job goes through, and the worker that runs them.
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { ErrorCode } from '@slack/web-api';
import type { Guard } from '../notify/deliveries.js';
import type { RedisClient } from '../store/redis.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { JobHandlers, JobName, JobOf, TokenopsQueue, TokenopsWorker } from './jobTypes.js';

export const QUEUE_NAME = 'tokenops';

/** Slack's client's code for a 429 it gave up on; typed from its enum, which is not loaded here
 *  (a verify instance loads this module to hand on refusal notices, and nothing of Slack). */
const SLACK_RATE_LIMITED: `${ErrorCode.RateLimitedError}` = 'slack_webapi_rate_limited_error';

/** BullMQ's own keys live under `{prefix}`: the hash tag keeps them in one Redis Cluster slot. */
const bullPrefix = (redisPrefix: string) => `{${redisPrefix}}`;

export function createQueue(connection: RedisClient, redisPrefix: string, logger: Logger): TokenopsQueue {
  const queue: TokenopsQueue = new Queue(QUEUE_NAME, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: { removeOnComplete: 1_000, removeOnFail: 5_000 },
  });
  queue.on('error', (error) => logger.warn({ err: error }, 'job queue connection problem'));
  return queue;
}

export function startWorker(options: {
  connection: RedisClient;
  redisPrefix: string;
  handlers: JobHandlers;
  logger: Logger;
  metrics: Metrics;
}): TokenopsWorker {
  const { handlers, logger, metrics } = options;
  const worker: TokenopsWorker = new Worker(
    QUEUE_NAME,
    async (job) => {
      // The name picks the handler, and with it the payload type (a correlation TypeScript cannot follow).
      const handler = handlers[job.name] as
        ((job: JobOf<JobName>, worker: TokenopsWorker) => Promise<unknown>) | undefined;
      if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
      return handler(job, worker);
    },
    // Our jobs are short: a worker that dies leaves its jobs to others within seconds, not minutes.
    {
      connection: options.connection,
      prefix: bullPrefix(options.redisPrefix),
      concurrency: 8,
      lockDuration: 10_000,
      stalledInterval: 5_000,
    },
  );
  worker.on('completed', (job) => metrics.jobs.inc({ name: job.name, outcome: 'completed' }));
  worker.on('failed', (job, error) => {
    metrics.jobs.inc({ name: job?.name ?? 'unknown', outcome: 'failed' });
    logger.warn({ err: error, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade }, 'job failed');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return worker;
}

/** Sends through `worker` so that Slack's 429 pauses the whole queue for Retry-After (BullMQ's
 *  rate limit) instead of failing the job. */
export function pauseOnRateLimit(worker: TokenopsWorker): Guard {
  return async (send) => {
    try {
      return await send();
    } catch (error) {
      if ((error as { code?: string }).code === SLACK_RATE_LIMITED) {
        await worker.rateLimit(((error as { retryAfter?: number }).retryAfter ?? 1) * 1000);
        throw Worker.RateLimitError();
      }
      throw error;
    }
  };
}
