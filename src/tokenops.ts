// Composition root: builds one tokenops instance from its configuration, from the builders in
// compose/ (connections, domain services, the worker's jobs, the HTTP routes). See compose/options.ts
// for the roles: `web`, `worker`, or `all` in one process.
import { loadCatalog } from './config/catalog.js';
import type { Config } from './config/env.js';
import { createMailer } from './email/mailer.js';
import { startHttpServer } from './http/server.js';
import { scheduleRefusalNotice } from './jobs/refusalNotices.js';
import { instanceLogger, type Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createSlackApp } from './slack/app.js';
import { createWebClient } from './slack/web/client.js';
import { startVerification, verificationSettings } from './verification/start.js';
import { createSender } from './notify/webhooks/send.js';
import { closeConnections, openConnections } from './compose/connections.js';
import { within } from './compose/within.js';
import type { Role, StartOptions } from './compose/options.js';
import { apiUnrouted, buildRoutes } from './compose/routes.js';
import { buildServices, type Services } from './compose/services.js';
import { warnAboutSetup } from './compose/warnings.js';
import { openNotify } from './compose/notify.js';
import { slackServices } from './compose/slack.js';
import { approvalContext, reminderContext, startJobs } from './compose/worker.js';

export type { Role } from './compose/options.js';

export type Tokenops = Pick<
  Services,
  'tokens' | 'tenants' | 'revocations' | 'requests' | 'apiKeys' | 'auditTrail' | 'leaks' | 'webhooks'
> & {
  url: string;
  port: number;
  logger: Logger;
  stop(): Promise<void>;
};

export async function startTokenops(config: Config, options: StartOptions = {}): Promise<Tokenops> {
  const role: Role = options.role ?? 'all';
  const logger = instanceLogger(config, role, options.logSink);
  const metrics = createMetrics();
  const catalog = await loadCatalog(config.catalogPath);
  warnAboutSetup(config, role, catalog, logger);

  const connections = openConnections(config, logger);
  const mailer = createMailer(config.email);
  const clients = {
    jobClient: createWebClient(config, logger, { rejectRateLimitedCalls: true }),
    slackClient: createWebClient(config, logger),
  };
  const reminders = reminderContext(config, connections, logger);
  const { notifier, people, outbox, accounts } = openNotify(
    config,
    connections,
    reminders.store,
    clients,
    mailer,
    logger,
  );
  const verification = startVerification({
    serve: role !== 'worker',
    ...verificationSettings(config),
    redis: connections.redis,
    logger,
    metrics,
    lastUsedFlushMs: options.lastUsedFlushMs,
    onRefused: (tokenId, code) =>
      void scheduleRefusalNotice(connections.queue, tokenId, code).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not schedule a refusal notice'),
      ),
  });
  const services = buildServices({
    config,
    catalog,
    connections,
    logger,
    verification,
    mailer,
    slackClient: clients.jobClient,
    accounts,
    adminsOf: (owner) => reminders.store.adminsOf(owner),
  });
  const { tokens, tenants, revocations, requests, apiKeys, auditTrail, leaks, webhooks } = services;

  const slack =
    role === 'worker'
      ? undefined
      : createSlackApp(
          config,
          slackServices({ config, connections, services, notify: { notifier, people, outbox }, metrics, logger }),
          { socketPingTimeoutMs: options.slackSocketPingTimeoutMs },
        );
  const approvals = approvalContext(config, services, people, slack?.app.client ?? clients.slackClient, outbox, logger);
  const sender =
    role === 'web' ? undefined : createSender(services.destinations, { timeoutMs: options.webhookDelivery?.timeoutMs });
  // A web instance runs no jobs.
  const worker = sender
    ? startJobs({
        config,
        connections,
        services,
        reminders,
        approvals,
        notifier,
        mailer,
        sender,
        logger,
        metrics,
        deliverySweep: options.deliverySweep,
        webhookDelivery: options.webhookDelivery,
      })
    : undefined;

  await within(10_000, connections.warmUp);
  const routes = buildRoutes({
    role,
    config,
    connections,
    services,
    verification,
    approvals,
    slackEvents: slack?.eventsHandler,
    logger,
    metrics,
  });
  const http = await startHttpServer({
    port: config.port,
    host: config.host,
    routes,
    unrouted: apiUnrouted,
    logger,
    metrics,
  });

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
      await within(1_000, connections.queue.close());
      await within(2_000, verification.close());
      mailer?.close();
      sender?.close();
      await closeConnections(connections);
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
  return {
    url: http.url,
    port: http.port,
    logger,
    tokens,
    tenants,
    revocations,
    requests,
    apiKeys,
    auditTrail,
    leaks,
    webhooks,
    stop,
  };
}
