// The BullMQ queue every background job goes through, and the worker that runs them.
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

export const QUEUE_NAME = 'tokenops';
/** A job's handler; it gets the worker to pause the queue (rate limits) when it must. */
export type JobHandlers = Record<string, (job: Job, worker: Worker) => Promise<unknown>>;

/** BullMQ's own keys live under `{prefix}`: the hash tag keeps them in one Redis Cluster slot. */
const bullPrefix = (redisPrefix: string) => `{${redisPrefix}}`;

export function createQueue(connection: Redis, redisPrefix: string, logger: Logger): Queue {
  const queue = new Queue(QUEUE_NAME, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: { removeOnComplete: 1_000, removeOnFail: 5_000 },
  });
  queue.on('error', (error) => logger.warn({ err: error }, 'job queue connection problem'));
  return queue;
}

export function startWorker(options: {
  connection: Redis;
  redisPrefix: string;
  handlers: JobHandlers;
  logger: Logger;
  metrics: Metrics;
}): Worker {
  const { handlers, logger, metrics } = options;
  const worker: Worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
      return handler(job, worker);
    },
    // Our jobs are short: a worker that dies leaves its jobs to others within seconds, not minutes.
    { connection: options.connection, prefix: bullPrefix(options.redisPrefix), concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000 },
  );
  worker.on('completed', (job) => metrics.jobs.inc({ name: job.name, outcome: 'completed' }));
  worker.on('failed', (job, error) => {
    metrics.jobs.inc({ name: job?.name ?? 'unknown', outcome: 'failed' });
    logger.warn({ err: error, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade }, 'job failed');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return worker;
}
