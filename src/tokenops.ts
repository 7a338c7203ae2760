// Composition root: builds one tokenops instance from its configuration. `web` serves Slack,
// the verification API, health and metrics; `worker` runs background jobs (and serves health
// and metrics); `all` does both in one process.
import { createPool } from './store/pool.js';
import { createRedis, requestPathRedis } from './store/redis.js';
import { deliverySweepJobs, scheduleDeliverySweep, type DeliverySweep } from './jobs/deliverySweep.js';
import { DEV_TOKEN_HASH_SECRET, type Config } from './config/env.js';
import { createLogger, logFormat, type Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createPrisma } from './store/prisma.js';
import { createQueue, startWorker } from './jobs/queue.js';
import { heartbeatJobs, lastHeartbeat, scheduleHeartbeat } from './jobs/heartbeat.js';
import { startHttpServer, type Routes } from './http/server.js';
import { healthRoutes } from './http/health.js';
import { createSlackApp } from './slack/app.js';
import { createWebClient } from './slack/web/client.js';
import { slackContacts } from './slack/web/contacts.js';
import { revocationJobs, revocationScheduler, scheduleRevocationSweep } from './jobs/revocationJobs.js';
import { reminderScanJobs, scheduleReminderScan, type ReminderContext } from './jobs/reminderScan.js';
import { reminderDeliveryJobs } from './jobs/reminderDelivery.js';
import { changeEmailJobs, scheduleChangeEmail } from './jobs/changeEmails.js';
import { refusalNoticeJobs, scheduleRefusalNotice } from './jobs/refusalNotices.js';
import { createRequestShortLivedStore, createShortLivedStore } from './store/shortLived.js';
import { Pacer } from './notify/pacer.js';
import { People } from './notify/people.js';
import { SlackMessages } from './notify/slackMessages.js';
import type { Notifier } from './notify/deliveries.js';
import { contactDeactivated } from './notify/reminders.js';
import { tellWebhookDisabled } from './notify/notices.js';
import { approvalNotices } from './notify/approvals.js';
import { Once } from './domain/once.js';
import { SavedLists } from './domain/savedLists.js';
import { createReminderStore } from './store/reminderStore.js';
import { createMailer } from './email/mailer.js';
import { loadCatalog } from './config/catalog.js';
import { createTokenStore } from './store/tokenStore.js';
import { createTenantStore } from './store/tenantStore.js';
import { startVerification } from './verification/start.js';
import { TokenService } from './domain/tokenService.js';
import { TenantService } from './domain/tenantService.js';
import { RevocationService } from './domain/revocations.js';
import { createRevocationStore } from './store/revocationStore.js';
import { verifyRoute } from './http/verify.js';
import { changesRoute } from './http/changes.js';
import { LeakService } from './domain/leaks.js';
import { createLeakStore } from './store/leakStore.js';
import { createStepStore } from './store/stepStore.js';
import { requestOutcome, revocationOutcome } from './domain/steps.js';
import { scheduleStepSweep, stepJobs } from './jobs/stepJobs.js';
import { leakNoticeJobs, scheduleLeakNotices, scheduleLeakNoticesSweep } from './jobs/leakNotices.js';
import { secretScanningRoutes } from './http/secretScanning/routes.js';
import { RequestService } from './domain/requests.js';
import { namesUserGroup } from './domain/approvals.js';
import { createApprovalStore } from './store/approvalStore.js';
import { requestJobs, requestScheduler, scheduleRequestSweep } from './jobs/requestJobs.js';
import { slackUserGroups } from './slack/web/userGroups.js';
import { WebhookService } from './domain/webhooks.js';
import { createWebhookStore } from './store/webhookStore.js';
import { SecretBox } from './webhooks/secretBox.js';
import { destinationProblem, type DestinationRules } from './webhooks/destination.js';
import { createSender } from './webhooks/send.js';
import { scheduleWebhookRelay, webhookJobs } from './jobs/webhookJobs.js';
import { openApiRoute } from './http/openapi.js';
import { ApiKeyService } from './domain/apiKeys.js';
import { apiKeyReminderJobs, scheduleApiKeyReminders } from './jobs/apiKeyReminders.js';
import { keyLeakNoticeJobs, scheduleKeyLeakNotice } from './jobs/apiKeyLeaks.js';
import { createApiKeyStore } from './store/apiKeyStore.js';
import { managementGate, managementRoutes } from './http/management/routes.js';
import { tokenOperations } from './http/management/tokens.js';
import { idempotency } from './http/management/idempotency.js';
import { createRateLimit } from './store/rateLimit.js';
import { postRevocationRequest } from './slack/flows/revocation.js';
import { AuditTrail } from './domain/auditTrail.js';
import { createAuditTrailStore } from './store/auditTrailStore.js';
import { auditExportRoute } from './http/management/audit.js';
import { auditPurgeJobs, scheduleAuditPurge } from './jobs/auditPurge.js';

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
  requests: RequestService;
  apiKeys: ApiKeyService;
  auditTrail: AuditTrail;
  leaks: LeakService;
  webhooks: WebhookService;
  stop(): Promise<void>;
};

export async function startTokenops(
  config: Config,
  options: { role?: Role; logSink?: { write(line: string): unknown }; lastUsedFlushMs?: number; deliverySweep?: DeliverySweep; /** See createSlackApp. */ slackSocketPingTimeoutMs?: number; /** Shorter webhook retries and timeout (tests). */ webhookDelivery?: { attempts: number; firstDelayMs: number; timeoutMs?: number } } = {},
): Promise<Tokenops> {
  const role = options.role ?? 'all';
  const logger = createLogger({
    level: config.logLevel,
    tokenPrefix: config.tokenPrefix,
    format: options.logSink ? 'json' : logFormat(config.logFormat, config.production),
    sink: options.logSink,
    bindings: { role },
  });
  const metrics = createMetrics();
  if (config.tokenHashSecret === DEV_TOKEN_HASH_SECRET) {
    logger.warn('TOKEN_HASH_SECRET IS NOT SET: using the development default. Anyone who knows it can compute token digests; set 32+ random characters (openssl rand -hex 32) before issuing real tokens.');
  }
  if (role !== 'worker' && config.verifyApiKeys.length === 0) {
    logger.warn('VERIFY_API_KEYS is empty: POST /v1/tokens/verify refuses every call (401) until you set at least one key (openssl rand -hex 24) and give it to your API.');
  }
  const catalog = await loadCatalog(config.catalogPath);
  const notApplied = catalog.approvals.filter((rule) => rule.operations.some((operation) => operation !== 'request')).map((rule) => rule.name);
  if (notApplied.length) logger.warn({ rules: notApplied }, 'Approval rules for revoke, reset or extend are not applied in this version: those follow APPROVALS_CHANNEL_ID as before (only token requests follow the rules).');
  if (namesUserGroup(catalog.approvals)) {
    logger.warn('An approval policy names a Slack user group: add the usergroups:read scope to the Slack app (manifest.yml) and reinstall it, or nobody from that group can approve.');
  }
  const pool = createPool(config.databasePoolMode, { connectionString: config.databaseUrl, max: 10 });
  pool.on('error', (error) => logger.warn({ err: error }, 'database connection problem'));
  const prisma = createPrisma(pool);
  // Prisma's first use loads its query compiler (a second or two): now, not in a Slack request's 3 s.
  const warmUp = prisma.$queryRaw`SELECT 1`.catch((error: unknown) => logger.warn({ err: error }, 'database not reachable at start'));
  // BullMQ needs maxRetriesPerRequest: null (a command waits for Redis to come back): the worker's
  // and the queue's client. What someone waits on (a Slack request, a leak report) has its own,
  // which fails fast, and a deadline (store/requestDeadline.ts).
  const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection problem'));
  const requestRedis = requestPathRedis(redis);
  requestRedis.on('error', () => undefined); // the client above reports connection problems
  const requestStore = createRequestShortLivedStore(requestRedis, config.redisPrefix);

  const queue = createQueue(redis, config.redisPrefix, logger);
  const scheduler = revocationScheduler(queue);
  const mailer = createMailer(config.email);
  const shortLived = createShortLivedStore(redis, config.redisPrefix);
  const jobClient = createWebClient(config, logger, { rejectRateLimitedCalls: true });
  const slackClient = createWebClient(config, logger);
  const reminders: ReminderContext = {
    store: createReminderStore(prisma),
    locks: shortLived,
    queue,
    logger,
    settings: { thresholds: config.reminderDays, reviewDays: config.contactReviewDays, staleDays: config.staleTokenDays, scanEverySeconds: config.reminderScanIntervalSeconds },
    workspaceAdmins: config.adminUserIds,
  };
  // Outbound messages (src/notify). Who people are is one cache in Redis, read by two kinds of
  // caller: the worker, at Slack's pace, on a client that rejects 429s so that it pauses its
  // queue instead; and people waiting for an answer, on the request path's store, unpaced.
  const workerPacer = new Pacer(shortLived, config.slack.rateScale);
  const notifier: Notifier = {
    log: reminders.store,
    slack: new SlackMessages(jobClient, shortLived, workerPacer, new People(jobClient, shortLived, logger, workerPacer)),
    mailer,
    logger,
    workspaceAdmins: config.adminUserIds,
  };
  const people = new People(slackClient, requestStore, logger);
  const outbox = new SlackMessages(slackClient, requestStore, new Pacer(requestStore, config.slack.rateScale), people);
  const tokenStore = createTokenStore(prisma, pool);
  const verification = startVerification({
    serve: role !== 'worker',
    databaseUrl: config.databaseUrl,
    poolMode: config.databasePoolMode,
    redis,
    redisPrefix: config.redisPrefix,
    tokenPrefix: config.tokenPrefix,
    hashSecret: config.tokenHashSecret,
    previousHashSecrets: config.previousTokenHashSecrets,
    logger,
    metrics,
    lastUsedFlushMs: options.lastUsedFlushMs,
    rateLimitOnFailure: config.rateLimitOnFailure,
    onRefused: (tokenId, code) => void scheduleRefusalNotice(queue, tokenId, code).catch((error: unknown) => logger.warn({ err: error }, 'could not schedule a refusal notice')),
  });
  const tokens = new TokenService({
    store: tokenStore,
    catalog,
    tokenPrefix: config.tokenPrefix,
    hashSecret: config.tokenHashSecret,
    workspaceAdmins: config.adminUserIds,
    reminders: { thresholds: config.reminderDays, reviewDays: config.contactReviewDays, staleDays: config.staleTokenDays },
    revocationNeedsApproval: Boolean(config.approvalsChannelId),
    contacts: slackContacts(jobClient, logger),
    onChanged: (tokenId) => verification.tokenChanged(tokenId),
    onIntegrationChange: (token, action) => {
      if (!mailer || !token.developerEmails.length) return;
      const change = { label: token.label, displayId: token.displayId, apiVersion: token.apiVersion, emails: token.developerEmails, action, at: new Date().toISOString() };
      scheduleChangeEmail(queue, change).catch((error) => logger.error({ err: error }, 'could not schedule a change e-mail'));
    },
    onRequestsClosed: (requests) =>
      requests.forEach((request) => scheduler.announce(request).catch((error) => logger.error({ err: error }, 'could not schedule an announcement'))),
  });
  const apiKeys = new ApiKeyService({
    store: createApiKeyStore(prisma, (ref) => tokenStore.findOwner(ref)),
    tokenPrefix: config.tokenPrefix,
    hashSecret: config.tokenHashSecret,
    reminderDays: config.reminderDays,
    // Awaited: a report whose notices could not be queued fails, and the reporter's retry queues them.
    onLeak: (notice) => scheduleKeyLeakNotice(queue, notice),
  });
  const auditTrail = new AuditTrail(createAuditTrailStore(prisma), config.auditRetentionDays);
  const tenants = new TenantService(createTenantStore(prisma), tokenStore);
  const revocations = new RevocationService(createRevocationStore(prisma), tokens, config.approvalTtlHours);
  const requests = new RequestService({
    store: createApprovalStore(prisma),
    tokens,
    catalog,
    groups: slackUserGroups(jobClient, logger),
    adminsOf: (owner) => reminders.store.adminsOf(owner),
    ttlHours: config.approvalTtlHours,
  });
  const leaks = new LeakService({
    tokens,
    ledger: createLeakStore(prisma),
    findSecret: (digests) => tokenStore.findByDigests(digests), // the one lookup by secret a leak needs
    action: config.leaks.action,
    tokenPrefix: config.tokenPrefix,
    hashSecret: config.tokenHashSecret,
    previousHashSecrets: config.previousTokenHashSecrets,
    keys: (digest, leak) => apiKeys.leaked(digest, leak),
    onLeak: (leak) => scheduleLeakNotices(queue, leak).catch((error: unknown) => {
      logger.warn({ err: error, leakId: leak.id }, 'could not queue the notices of a leak; the sweep will');
      throw error;
    }),
  });

  const destinations: DestinationRules = { production: config.production, allowedHosts: config.webhookAllowedHosts };
  const webhookStore = createWebhookStore(prisma, new SecretBox(config.tokenHashSecret, config.previousTokenHashSecrets));
  const webhooks = new WebhookService(webhookStore, (url) => destinationProblem(url, destinations));
  const sender = role === 'web' ? undefined : createSender(destinations, { timeoutMs: options.webhookDelivery?.timeoutMs });
  // Workflow steps waiting on a request end with it: how each kind of request ended.
  const steps = {
    ledger: createStepStore(prisma),
    outcomes: {
      revocation: async (id: string) => {
        const found = await revocations.find(id);
        return found ? revocationOutcome(found.request, found.token) : { refusal: 'closed' as const };
      },
      request: async (id: string) => {
        const request = await requests.find(id);
        return request ? requestOutcome(request) : { refusal: 'closed' as const };
      },
    },
  };

  const slack =
    role === 'worker'
      ? undefined
      : createSlackApp(config, {
          tokens,
          tenants,
          revocations,
          requests,
          requestScheduler: requestScheduler(queue),
          apiKeys,
          leaks,
          webhooks,
          leakScan: config.leaks.scanChannels ? { tokenPrefix: config.tokenPrefix } : undefined,
          lists: new SavedLists(requestStore),
          once: new Once(requestStore),
          catalog,
          metrics,
          logger,
          scheduler,
          contactDeactivated: (userId) => contactDeactivated(notifier, userId),
          locales: people,
          outbox,
          approvalsChannelId: config.approvalsChannelId,
          workspaceLanguage: config.workspaceLanguage,
          steps,
          tokenPrefix: config.tokenPrefix,
        }, { socketPingTimeoutMs: options.slackSocketPingTimeoutMs });
  const approvals = { revocations, steps, locales: people, client: slack?.app.client ?? slackClient, outbox, logger, workspaceLanguage: config.workspaceLanguage };
  const notices = approvalNotices({ ...approvals, requests, tokens, approvalsChannelId: config.approvalsChannelId });
  const worker =
    role === 'web'
      ? undefined
      : startWorker({
          connection: redis,
          redisPrefix: config.redisPrefix,
          handlers: {
            ...heartbeatJobs(redis, config.redisPrefix),
            ...revocationJobs(revocations, notices),
            ...requestJobs(requests, notices),
            ...stepJobs(notices),
            ...deliverySweepJobs(tokens, logger, options.deliverySweep),
            ...reminderScanJobs(reminders),
            ...reminderDeliveryJobs(reminders, notifier),
            ...changeEmailJobs(mailer, logger),
            ...auditPurgeJobs(auditTrail, logger),
            ...apiKeyReminderJobs(apiKeys, notifier),
            ...refusalNoticeJobs(notifier),
            ...keyLeakNoticeJobs(notifier),
            ...leakNoticeJobs(notifier, config.approvalsChannelId ? { id: config.approvalsChannelId, language: config.workspaceLanguage } : undefined, leaks),
            ...webhookJobs({
              deliveries: webhookStore,
              sender: sender!,
              queue,
              retries: options.webhookDelivery,
              logger,
              tellDisabled: (userId, notice) => tellWebhookDisabled(notifier, userId, notice),
            }),
          },
          logger,
          metrics,
        });
  // Not awaited: with Redis down the instance still starts, and /readyz says what is wrong.
  if (worker) {
    Promise.all([scheduleHeartbeat(queue), scheduleRevocationSweep(queue), scheduleStepSweep(queue), scheduleRequestSweep(queue, options.deliverySweep?.everyMs), scheduleDeliverySweep(queue, options.deliverySweep), scheduleReminderScan(reminders), scheduleLeakNoticesSweep(queue), scheduleWebhookRelay(queue), scheduleApiKeyReminders(queue, config.reminderScanIntervalSeconds), scheduleAuditPurge(queue)]).catch((error) => logger.error({ err: error }, 'could not schedule periodic jobs'));
  }

  // The management API (SPEC section 7): the same services as Slack, with a key as the actor.
  const gate = managementGate({
    apiKeys,
    rateLimit: createRateLimit({ redis: requestRedis, redisPrefix: config.redisPrefix, name: 'management', max: config.managementRateLimit, windowSeconds: 60 }),
    logger,
  });
  const management =
    role === 'worker'
      ? {}
      : {
          'GET /v1/audit': auditExportRoute({ gate, trail: auditTrail }),
          ...managementRoutes({
          gate,
          idempotency: idempotency(requestRedis, config.redisPrefix),
          operations: tokenOperations({
            tokens,
            revocations,
            revocationNeedsApproval: Boolean(config.approvalsChannelId),
            postForApproval: (actor, request, token) => postRevocationRequest({ ...approvals, scheduler, channelId: config.approvalsChannelId! }, actor, request, token),
          }),
          }),
        };

  await within(10_000, warmUp);
  const routes: Routes = {
    ...healthRoutes({
      checks: {
        database: async () => void (await pool.query('SELECT 1')), // not through Prisma: its cold start is not an outage
        // A worker does nothing without Redis; a web instance still verifies (see README).
        ...(role === 'worker' ? { redis: async () => void (await redis.ping()) } : {}),
      },
      degradable: role === 'worker' ? {} : { redis: async () => void (await redis.ping()) },
      reports: {
        worker: () => lastHeartbeat(redis, config.redisPrefix),
        ...(verification.verifier ? { verification: async () => verification.status(), clock: async () => verification.clock() } : {}),
      },
      metrics,
    }),
    'GET /openapi.json': openApiRoute(),
    ...management,
    ...(slack?.eventsHandler ? { 'POST /slack/events': slack.eventsHandler } : {}),
    ...(verification.verifier
      ? {
          'POST /v1/tokens/verify': verifyRoute({ apiKeys: config.verifyApiKeys, verifier: verification.verifier, metrics, logger }),
          ...(verification.changes ? { 'GET /v1/tokens/changes': changesRoute({ apiKeys: config.verifyApiKeys, stream: verification.changes, logger }) } : {}),
          ...secretScanningRoutes({ config, leaks, redis: requestRedis, metrics, logger }),
        }
      : {}),
  };
  const http = await startHttpServer({ port: config.port, host: config.host, routes, logger, metrics });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('tokenops stopping');
      // Each step is bounded, so a dead Redis or database cannot hold the process hostage.
      if (role !== 'worker') await http.drain(config.shutdownDrainSeconds); // load balancers take us out
      verification.changes?.close(); // streams end now: subscribers reconnect elsewhere
      await within(3_000, http.close()); // no new work in
      await within(2_000, slack?.stop());
      await within(5_000, worker?.close()); // lets running jobs finish
      await within(1_000, queue.close());
      await within(2_000, verification.close());
      mailer?.close();
      sender?.close();
      await within(1_000, Promise.allSettled([redis.quit(), requestRedis.quit(), prisma.$disconnect().then(() => pool.end())]));
      redis.disconnect();
      requestRedis.disconnect();
      logger.info('tokenops stopped');
      logger.flush();
    })());
  try {
    await slack?.start(); // checks the bot token with Slack: a bad one stops us here
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ port: http.port, socketMode: Boolean(config.slack.appToken) }, 'tokenops started');
  return { url: http.url, port: http.port, logger, tokens, tenants, revocations, requests, apiKeys, auditTrail, leaks, webhooks, stop };
}
