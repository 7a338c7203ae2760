// Composition root: builds one tokenops instance from its configuration. `web` serves Slack,
// the verification API, health and metrics; `worker` runs background jobs (and serves health
// and metrics); `all` does both in one process.
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from './config/env.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createPrisma } from './store/prisma.js';
import { createQueue, startWorker } from './jobs/queue.js';
import { heartbeatHandler, lastHeartbeat, scheduleHeartbeat } from './jobs/heartbeat.js';
import { startHttpServer, type Mount, type Routes } from './http/server.js';
import { healthRoutes } from './http/health.js';
import { createSlackApp, createWebClient } from './slack/app.js';
import { createLocales } from './slack/locale.js';
import { scheduleAnnouncement } from './slack/revocationFlow.js';
import { revocationJobs, scheduleRevocationSweep } from './jobs/revocationJobs.js';
import { reminderJobs, scheduleChangeEmail, scheduleReminderScan, type ReminderContext } from './jobs/reminderJobs.js';
import { createReminderStore } from './store/reminderStore.js';
import { createMailer } from './email/mailer.js';
import { loadCatalog } from './config/catalog.js';
import { createTokenStore } from './store/tokenStore.js';
import { createTenantStore } from './store/tenantStore.js';
import { createVerificationCache, publishTokenChange } from './store/verificationCache.js';
import { createLastUsedRecorder } from './store/lastUsed.js';
import { TokenService } from './domain/tokenService.js';
import { TenantService } from './domain/tenantService.js';
import { RevocationService } from './domain/revocations.js';
import { createRevocationStore } from './store/revocationStore.js';
import { verifyRoute } from './http/verify.js';

/** Waits for `work`, but no longer than `ms`; a failure is not the caller's concern here. */
async function within(ms: number, work: Promise<unknown> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.resolve(work).catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

export type Role = 'all' | 'web' | 'worker';

export type Tokenops = {
  url: string;
  port: number;
  logger: Logger;
  tokens: TokenService;
  tenants: TenantService;
  revocations: RevocationService;
  stop(): Promise<void>;
};

export async function startTokenops(
  config: Config,
  options: { role?: Role; logSink?: { write(line: string): unknown }; lastUsedFlushMs?: number; mount?: Mount } = {},
): Promise<Tokenops> {
  const role = options.role ?? 'all';
  const logger = createLogger({ level: config.logLevel, tokenPrefix: config.tokenPrefix, sink: options.logSink, bindings: { role } });
  const metrics = createMetrics();
  const catalog = await loadCatalog(config.catalogPath);
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
  pool.on('error', (error) => logger.warn({ err: error }, 'database connection problem'));
  const prisma = createPrisma(pool);
  // BullMQ needs maxRetriesPerRequest: null; other users of this client time out on their own.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection problem'));

  const queue = createQueue(redis, config.redisPrefix, logger);
  const mailer = createMailer(config.email);
  const reminders: ReminderContext = {
    store: createReminderStore(prisma),
    client: createWebClient(config, logger, { rejectRateLimitedCalls: true }),
    mailer,
    queue,
    logger,
    settings: { thresholds: config.reminderDays, reviewDays: config.contactReviewDays, scanEverySeconds: config.reminderScanIntervalSeconds },
    workspaceAdmins: config.adminUserIds,
  };
  const tokenStore = createTokenStore(prisma, pool);
  const cache = role === 'worker' ? undefined : await createVerificationCache({ redis, redisPrefix: config.redisPrefix, logger });
  const lastUsed = createLastUsedRecorder(tokenStore, logger, options.lastUsedFlushMs);
  const tokens = new TokenService({
    store: tokenStore,
    catalog,
    tokenPrefix: config.tokenPrefix,
    hashSecret: config.tokenHashSecret,
    workspaceAdmins: config.adminUserIds,
    reminders: { thresholds: config.reminderDays, reviewDays: config.contactReviewDays },
    onChanged: (tokenId) =>
      cache
        ? cache.tokenChanged(tokenId)
        : publishTokenChange(redis, config.redisPrefix, tokenId).catch((error) => logger.error({ err: error }, 'could not publish a token change')),
    onIntegrationChange: (token, action) => {
      if (!mailer || !token.developerEmails.length) return;
      const change = { label: token.label, displayId: token.displayId, apiVersion: token.apiVersion, emails: token.developerEmails, action, at: new Date().toISOString() };
      scheduleChangeEmail(queue, change).catch((error) => logger.error({ err: error }, 'could not schedule a change e-mail'));
    },
    onRequestsClosed: (requests) =>
      requests.forEach((request) => scheduleAnnouncement(queue, request).catch((error) => logger.error({ err: error }, 'could not schedule an announcement'))),
  });
  const tenants = new TenantService(createTenantStore(prisma), (entry) => tokenStore.recordAudit(entry));
  const revocations = new RevocationService(createRevocationStore(prisma), tokens, config.approvalTtlHours);

  const slack =
    role === 'worker'
      ? undefined
      : createSlackApp(config, {
          tokens,
          tenants,
          revocations,
          catalog,
          metrics,
          logger,
          redis,
          redisPrefix: config.redisPrefix,
          queue,
          reminders,
          approvalsChannelId: config.approvalsChannelId,
        });
  const slackClient = slack?.app.client ?? createWebClient(config, logger);
  const approvals = { revocations, locales: slack?.locales ?? createLocales(slackClient, logger), client: slackClient, logger, queue };
  const worker =
    role === 'web'
      ? undefined
      : startWorker({
          connection: redis,
          redisPrefix: config.redisPrefix,
          handlers: { heartbeat: heartbeatHandler(redis, config.redisPrefix), ...revocationJobs(approvals), ...reminderJobs(reminders) },
          logger,
          metrics,
        });
  // Not awaited: with Redis down the instance still starts, and /readyz says what is wrong.
  if (worker) {
    Promise.all([scheduleHeartbeat(queue), scheduleRevocationSweep(queue), scheduleReminderScan(reminders)]).catch((error) => logger.error({ err: error }, 'could not schedule periodic jobs'));
  }

  const routes: Routes = {
    ...healthRoutes({
      checks: {
        database: async () => void (await prisma.$queryRaw`SELECT 1`),
        redis: async () => void (await redis.ping()),
      },
      reports: { worker: () => lastHeartbeat(redis, config.redisPrefix) },
      metrics,
    }),
    ...(slack?.eventsHandler ? { 'POST /slack/events': slack.eventsHandler } : {}),
    ...(cache
      ? {
          'POST /v1/tokens/verify': verifyRoute({
            apiKeys: config.verifyApiKeys,
            tokenPrefix: config.tokenPrefix,
            hashSecret: config.tokenHashSecret,
            store: tokenStore,
            cache,
            lastUsed,
          }),
        }
      : {}),
  };
  const http = await startHttpServer({ port: config.port, routes, logger, metrics, mount: options.mount });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('tokenops stopping');
      // Each step is bounded, so a dead Redis or database cannot hold the process hostage.
      await within(3_000, http.close()); // no new work in
      await within(2_000, slack?.stop());
      await within(5_000, worker?.close()); // lets running jobs finish
      await within(1_000, queue.close());
      await within(2_000, lastUsed.stop());
      await within(1_000, cache?.close());
      mailer?.close();
      await within(1_000, Promise.allSettled([redis.quit(), prisma.$disconnect().then(() => pool.end())]));
      redis.disconnect();
      logger.info('tokenops stopped');
      logger.flush();
    })());
  // After the HTTP server, which may itself serve the Slack API (the playground's emulator).
  try {
    await slack?.start(); // checks the bot token with Slack: a bad one stops us here
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ port: http.port, socketMode: Boolean(config.slack.appToken) }, 'tokenops started');
  return { url: http.url, port: http.port, logger, tokens, tenants, revocations, stop };
}
