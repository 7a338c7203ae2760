// A periodic job whose interval changed (a deploy, or an instance started with another setting)
// keeps the new pace when a run starts late (a busy CPU, a worker back from an outage): the next
// run follows within the new interval, not after the old schedule's alignment, which BullMQ
// keeps across an upsert (up to a whole old interval: a minute of no sweeps).
import { afterAll, describe, expect, it } from 'vitest';
import { createQueue, startWorker } from '../../src/jobs/queue.js';
import { schedulePeriodic } from '../../src/jobs/jobTypes.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRedis } from '../../src/store/redis.js';
import { REDIS_URL, createRedisPrefix } from '../support/databases.js';

const { prefix, clean } = createRedisPrefix();
const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
const logger = createLogger({ level: 'silent', tokenPrefix: 'tko' });
const queue = createQueue(redis, prefix, logger);
const stops: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  await queue.close();
  redis.disconnect();
  await clean();
});

describe('a periodic job', () => {
  it('keeps its new interval after a late run', async () => {
    await schedulePeriodic(queue, 'heartbeat', 60_000); // as an instance with the usual setting
    await schedulePeriodic(queue, 'heartbeat', 300); // then one with a short sweep (the last to start sets it)
    expect(await queue.getJobScheduler('heartbeat')).toMatchObject({ every: 300, offset: expect.any(Number) });
    expect((await queue.getJobScheduler('heartbeat'))!.offset).toBeLessThan(300);

    // Each run holds the CPU for longer than the interval: every next run starts late.
    const runs: number[] = [];
    const worker = startWorker({
      connection: redis,
      redisPrefix: prefix,
      handlers: {
        heartbeat: async () => {
          runs.push(Date.now());
          const busyUntil = Date.now() + 500;
          while (Date.now() < busyUntil); // a loaded machine: nothing else runs meanwhile
        },
      },
      logger,
      metrics: createMetrics(),
    });
    stops.push(() => worker.close());
    const deadline = Date.now() + 15_000;
    while (runs.length < 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await worker.close();
    expect(runs.length).toBeGreaterThanOrEqual(6);
    const gaps = runs.slice(1).map((at, i) => at - runs[i]!);
    // Late runs follow each other at the next free slot (500 ms of work plus under one interval and
    // some scheduling), never after the old 60-s schedule's offset.
    expect(Math.max(...gaps)).toBeLessThan(2_500);
  }, 30_000);
});
