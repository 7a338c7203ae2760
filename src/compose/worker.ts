// The worker: every job's handler, and the periodic jobs scheduled; the reminders' context and
// what approval notices share with Slack's approval flows.
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/env.js';
import type { Mailer } from '../email/mailer.js';
import { apiKeyReminderJobs, scheduleApiKeyReminders } from '../jobs/apiKeyReminders.js';
import { auditPurgeJobs, scheduleAuditPurge } from '../jobs/auditPurge.js';
import { changeEmailJobs } from '../jobs/changeEmails.js';
import { deliverySweepJobs, scheduleDeliverySweep, type DeliverySweep } from '../jobs/deliverySweep.js';
import { heartbeatJobs, scheduleHeartbeat } from '../jobs/heartbeat.js';
import { leakNoticeJobs, scheduleLeakNoticesSweep } from '../jobs/leakNotices.js';
import { startWorker } from '../jobs/queue.js';
import { refusalNoticeJobs } from '../jobs/refusalNotices.js';
import { keyLeakNoticeJobs } from '../jobs/apiKeyLeaks.js';
import { reminderDeliveryJobs } from '../jobs/reminderDelivery.js';
import { reminderScanJobs, scheduleReminderScan, type ReminderContext } from '../jobs/reminderScan.js';
import { requestJobs, requestScheduler, scheduleRequestSweep } from '../jobs/requestJobs.js';
import type { RequestScheduler } from '../domain/requests.js';
import { revocationJobs, scheduleRevocationSweep } from '../jobs/revocationJobs.js';
import { scheduleStepSweep, stepJobs } from '../jobs/stepJobs.js';
import { scheduleWebhookRelay, webhookJobs } from '../jobs/webhookJobs.js';
import { approvalNotices } from '../notify/approvals.js';
import { tellRefusal } from '../notify/notices.js';
import type { Notifier } from '../notify/deliveries.js';
import type { People } from '../notify/people.js';
import type { SlackMessages } from '../notify/slackMessages.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { createReminderStore } from '../store/reminderStore.js';
import type { createSender } from '../notify/webhooks/send.js';
import type { Connections } from './connections.js';
import type { Services } from './services.js';

/** What the approval notices and Slack's approval flows share. */
export function approvalContext(
  config: Config,
  { revocations, steps }: Services,
  locales: People,
  client: WebClient,
  outbox: SlackMessages,
  logger: Logger,
) {
  return { revocations, steps, locales, client, outbox, logger, workspaceLanguage: config.workspaceLanguage };
}
export type Approvals = ReturnType<typeof approvalContext>;

/** What posting and settling requests of the approval engine needs (flows/requests.ts). */
export function requestContext(
  config: Config,
  { requests, tokens }: Services,
  approvals: Approvals,
  requestScheduler: RequestScheduler,
) {
  return { ...approvals, requests, tokens, requestScheduler, approvalsChannelId: config.approvalsChannelId };
}

export function reminderContext(
  config: Config,
  { prisma, queue, shortLived }: Connections,
  logger: Logger,
): ReminderContext {
  return {
    store: createReminderStore(prisma),
    locks: shortLived,
    queue,
    logger,
    settings: {
      thresholds: config.reminderDays,
      reviewDays: config.contactReviewDays,
      staleDays: config.staleTokenDays,
      scanEverySeconds: config.reminderScanIntervalSeconds,
    },
    workspaceAdmins: config.adminUserIds,
  };
}

type WorkerNeeds = {
  config: Config;
  connections: Connections;
  services: Services;
  reminders: ReminderContext;
  approvals: Approvals;
  notifier: Notifier;
  mailer: Mailer | undefined;
  sender: ReturnType<typeof createSender>;
  logger: Logger;
  metrics: Metrics;
  deliverySweep?: DeliverySweep;
  webhookDelivery?: { attempts: number; firstDelayMs: number; timeoutMs?: number };
};

export function startJobs(needs: WorkerNeeds) {
  const { config, connections, services, reminders, approvals, notifier, mailer, sender, logger, metrics } = needs;
  const { deliverySweep, webhookDelivery } = needs;
  const { redis, queue } = connections;
  const { revocations, requests, tokens, apiKeys, auditTrail, leaks, webhookStore } = services;
  const notices = approvalNotices(requestContext(config, services, approvals, requestScheduler(queue)));
  const worker = startWorker({
    connection: redis,
    redisPrefix: config.redisPrefix,
    handlers: {
      ...heartbeatJobs(redis, config.redisPrefix),
      ...revocationJobs(revocations, notices),
      ...requestJobs(requests, notices, notifier, deliverySweep?.windowMs),
      ...stepJobs(notices),
      ...deliverySweepJobs(tokens, logger, deliverySweep),
      ...reminderScanJobs(reminders),
      ...reminderDeliveryJobs(reminders, notifier),
      ...changeEmailJobs(mailer, logger),
      ...auditPurgeJobs(auditTrail, queue, logger),
      ...apiKeyReminderJobs(apiKeys, notifier),
      ...refusalNoticeJobs((refusal, resuming) => tellRefusal(notifier, refusal, resuming)),
      ...keyLeakNoticeJobs(notifier),
      ...leakNoticeJobs(
        notifier,
        config.approvalsChannelId ? { id: config.approvalsChannelId, language: config.workspaceLanguage } : undefined,
        leaks,
      ),
      ...webhookJobs({
        deliveries: webhookStore,
        sender,
        queue,
        retries: webhookDelivery,
        logger,
        notifier,
      }),
    },
    logger,
    metrics,
  });
  // Not awaited: with Redis down the instance still starts, and /readyz says what is wrong.
  Promise.all([
    scheduleHeartbeat(queue),
    scheduleRevocationSweep(queue),
    scheduleStepSweep(queue),
    scheduleRequestSweep(queue, deliverySweep?.everyMs),
    scheduleDeliverySweep(queue, deliverySweep),
    scheduleReminderScan(reminders),
    scheduleLeakNoticesSweep(queue),
    scheduleWebhookRelay(queue),
    scheduleApiKeyReminders(queue, config.reminderScanIntervalSeconds),
    scheduleAuditPurge(queue),
  ]).catch((error) => logger.error({ err: error }, 'could not schedule periodic jobs'));
  return worker;
}
