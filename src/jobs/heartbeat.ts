// A periodic no-op job whose last run /readyz reports: proof that a worker is consuming.
import type { RedisClient } from '../store/redis.js';
import { schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

const HEARTBEAT_EVERY_MS = 30_000;
const key = (redisPrefix: string) => `${redisPrefix}:worker:heartbeat`;

export function scheduleHeartbeat(queue: TokenopsQueue) {
  return schedulePeriodic(queue, 'heartbeat', HEARTBEAT_EVERY_MS);
}

export function heartbeatJobs(redis: RedisClient, redisPrefix: string): JobHandlers {
  return {
    heartbeat: async () => {
      await redis.set(key(redisPrefix), String(Date.now()), 'EX', (HEARTBEAT_EVERY_MS / 1000) * 10);
    },
  };
}

/** For /readyz: when a worker last ran the heartbeat, or that none has lately. */
export async function lastHeartbeat(redis: RedisClient, redisPrefix: string) {
  const at = await redis.get(key(redisPrefix));
  if (!at) return { lastRunAt: null, note: 'no worker has run the heartbeat in the last 5 minutes' };
  return { lastRunAt: new Date(Number(at)).toISOString(), ageSeconds: Math.round((Date.now() - Number(at)) / 1000) };
}
