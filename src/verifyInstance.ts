// A verification-only instance (`node dist/main.js verify`): the verification API, its change
// stream, health and metrics, and nothing else loaded — no Slack app, no Prisma, no job worker.
// It sits in front of every request of the company's API, and a process that also holds the
// rest spends more CPU per verification (bench/RESULTS.md). The job queue is loaded on the first
// refusal to pass on (README: The contract, refusal notices); a worker delivers it.
import type { Config } from './config/env.js';
import { changesRoute } from './http/changes.js';
import { healthRoutes } from './http/health.js';
import { startHttpServer } from './http/server.js';
import { verifyRoute } from './http/verify.js';
import { instanceLogger, type Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createRedis } from './store/redis.js';
import { startVerification, verificationSettings } from './verification/start.js';
import { within } from './compose/within.js';
import { warnAboutKeys } from './compose/warnings.js';
import type { TokenopsQueue } from './jobs/jobTypes.js';

export type VerifyInstance = { url: string; port: number; logger: Logger; stop(): Promise<void> };

export async function startVerifyInstance(
  config: Config,
  options: { logSink?: { write(line: string): unknown } } = {},
): Promise<VerifyInstance> {
  const logger = instanceLogger(config, 'verify', options.logSink);
  warnAboutKeys(config, true, logger);
  const metrics = createMetrics();
  // The queue's client: BullMQ needs commands that wait for Redis to come back.
  const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection problem'));
  let queue: Promise<TokenopsQueue> | undefined;
  let closing = false;
  /** The job queue, created on the first refusal to hand on; a failed load is tried again next time. */
  const refusalQueue = () =>
    (queue ??= import('./jobs/queue.js').then(
      ({ createQueue }) => createQueue(redis, config.redisPrefix, logger),
      (error: unknown) => {
        queue = undefined;
        throw error;
      },
    ));
  const handOn = async (tokenId: string, code: 'FORBIDDEN' | 'RATE_LIMITED') => {
    if (closing) throw new Error('the instance is stopping');
    const [{ scheduleRefusalNotice }, jobs] = await Promise.all([import('./jobs/refusalNotices.js'), refusalQueue()]);
    await scheduleRefusalNotice(jobs, tokenId, code);
  };
  const verification = startVerification({
    serve: true,
    ...verificationSettings(config),
    redis,
    logger,
    metrics,
    onRefused: (tokenId, code) =>
      void handOn(tokenId, code).catch((error: unknown) =>
        logger.warn({ err: error, tokenId, code }, 'could not schedule a refusal notice'),
      ),
  });
  const verifier = verification.verifier!;
  const changes = verification.changes!;
  const routes = {
    ...healthRoutes({
      checks: { database: () => verification.ping() },
      degradable: { redis: async () => void (await redis.ping()) }, // revocations stay fail-closed without it
      reports: { verification: async () => verification.status(), clock: async () => verification.clock() },
      metrics,
    }),
    'POST /v1/tokens/verify': verifyRoute({ apiKeys: config.verifyApiKeys, verifier, metrics, logger }),
    'GET /v1/tokens/changes': changesRoute({ apiKeys: config.verifyApiKeys, stream: changes, logger }),
  };
  const http = await startHttpServer({ port: config.port, host: config.host, routes, logger, metrics });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('tokenops stopping');
      await http.drain(config.shutdownDrainSeconds); // load balancers take us out
      changes.close(); // streams end now: subscribers reconnect elsewhere
      await within(3_000, http.close());
      await within(2_000, verification.close()); // the last usage batch is written
      closing = true; // no queue is made after this; one being made is closed
      await within(
        1_000,
        queue?.then((q) => q.close()),
      );
      await within(1_000, redis.quit());
      redis.disconnect();
      logger.info('tokenops stopped');
      logger.flush();
    })());
  logger.info({ port: http.port }, 'tokenops started');
  return { url: http.url, port: http.port, logger, stop };
}
