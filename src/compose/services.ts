// The domain services of one instance, over the PostgreSQL stores; what they tell the rest
// (a changed token, an e-mail to schedule, a leak's notices) goes through the job queue.
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/env.js';
import { ApiKeyService } from '../domain/apiKeys.js';
import type { Catalog } from '../domain/catalog.js';
import { AuditTrail } from '../domain/auditTrail.js';
import { LeakService } from '../domain/leaks.js';
import type { Owner } from '../domain/permissions.js';
import { RequestService } from '../domain/requests.js';
import { RevocationService } from '../domain/revocations.js';
import { requestOutcome, revocationOutcome } from '../domain/steps.js';
import { TenantService } from '../domain/tenantService.js';
import { TokenService } from '../domain/tokenService.js';
import { WebhookService } from '../domain/webhooks.js';
import type { Mailer } from '../email/mailer.js';
import { scheduleChangeEmail } from '../jobs/changeEmails.js';
import { scheduleRemindersAnswered } from '../jobs/reminderDelivery.js';
import { scheduleLeakNotices, schedulePastedByOther } from '../jobs/leakNotices.js';
import { race } from '../store/requestDeadline.js';
import { scheduleKeyLeakNotice } from '../jobs/apiKeyLeaks.js';
import { revocationScheduler } from '../jobs/revocationJobs.js';
import type { Logger } from '../observability/logger.js';
import { slackContacts, type Accounts } from '../slack/web/contacts.js';
import { slackUserGroups } from '../slack/web/userGroups.js';
import { createApiKeyStore } from '../store/apiKeyStore.js';
import { createApprovalStore } from '../store/approvalStore.js';
import { ChangeRequests } from '../domain/changeRequests.js';
import { createAuditTrailStore } from '../store/auditTrailStore.js';
import { createLeakStore } from '../store/leakStore.js';
import { createRevocationStore } from '../store/revocationStore.js';
import { createStepStore } from '../store/stepStore.js';
import { createTenantStore } from '../store/tenantStore.js';
import { createTokenStore } from '../store/tokenStore.js';
import { createWebhookStore } from '../store/webhookStore.js';
import type { Verification } from '../verification/start.js';
import { SecretBox } from '../notify/webhooks/secretBox.js';
import { destinationProblem, type DestinationRules } from '../notify/webhooks/destination.js';
import type { Connections } from './connections.js';

export type Services = ReturnType<typeof buildServices>;

type ServiceNeeds = {
  config: Config;
  catalog: Catalog;
  connections: Connections;
  logger: Logger;
  verification: Pick<Verification, 'tokenChanged'>;
  mailer: Mailer | undefined;
  /** The worker's Slack client: user groups read. */
  slackClient: WebClient;
  /** The one cache of Slack's users.info: primary contacts checked. */
  accounts: Accounts;
  /** A token's owners' admins (the reminder store knows them). */
  adminsOf: (owner: Owner) => Promise<string[]>;
};

export function buildServices(needs: ServiceNeeds) {
  const { config, catalog, connections, logger, verification, mailer, slackClient, accounts, adminsOf } = needs;
  const { prisma, pool, queue } = connections;
  const scheduler = revocationScheduler(queue);
  const tokenStore = createTokenStore(prisma, pool);
  const tokens = new TokenService({
    store: tokenStore,
    catalog,
    tokenPrefix: config.tokenPrefix,
    hashSecret: config.tokenHashSecret,
    workspaceAdmins: config.adminUserIds,
    reminders: {
      thresholds: config.reminderDays,
      reviewDays: config.contactReviewDays,
      staleDays: config.staleTokenDays,
    },
    revocationNeedsApproval: Boolean(config.approvalsChannelId),
    contacts: slackContacts(accounts, logger),
    onChanged: (tokenId) => verification.tokenChanged(tokenId),
    onIntegrationChange: (token, action) => {
      if (!mailer || !token.developerEmails.length) return;
      const change = {
        label: token.label,
        displayId: token.displayId,
        apiVersion: token.apiVersion,
        expiresAt: token.expiresAt?.toISOString() ?? null,
        disabled: token.status === 'disabled',
        emails: token.developerEmails,
        action,
        at: new Date().toISOString(),
      };
      scheduleChangeEmail(queue, change).catch((error) =>
        logger.error({ err: error }, 'could not schedule a change e-mail'),
      );
    },
    onRemindersAnswered: (answered) =>
      scheduleRemindersAnswered(queue, answered).catch((error) =>
        logger.error({ err: error }, 'could not schedule the update of reminder copies'),
      ),
    onRequestsClosed: (requests) =>
      requests.forEach((request) =>
        scheduler
          .announce(request)
          .catch((error) => logger.error({ err: error }, 'could not schedule an announcement')),
      ),
  });
  const revocations = new RevocationService(createRevocationStore(prisma), tokens, config.approvalTtlHours);
  const approvalStore = createApprovalStore(prisma);
  // Revocations, resets and extensions an approval policy covers: on the token requests' engine.
  const changes = new ChangeRequests({
    store: approvalStore,
    tokens,
    findToken: (displayId) => tokenStore.getToken(displayId),
    catalog,
    ttlHours: config.approvalTtlHours,
  });
  const requests = new RequestService({
    store: approvalStore,
    tokens,
    changes,
    catalog,
    groups: slackUserGroups(slackClient, logger),
    adminsOf,
    ttlHours: config.approvalTtlHours,
  });
  const destinations: DestinationRules = { production: config.production, allowedHosts: config.webhookAllowedHosts };
  const webhookStore = createWebhookStore(
    prisma,
    new SecretBox(config.tokenHashSecret, config.previousTokenHashSecrets),
  );
  const apiKeys = new ApiKeyService({
    store: createApiKeyStore(prisma, (ref) => tokenStore.findOwner(ref)),
    tokenPrefix: config.tokenPrefix,
    hashSecret: config.tokenHashSecret,
    reminderDays: config.reminderDays,
    // Awaited: a report whose notices could not be queued fails, and the reporter's retry queues them.
    onLeak: (notice) => scheduleKeyLeakNotice(queue, notice),
  });
  return {
    catalog,
    scheduler,
    tokenStore,
    tokens,
    tenants: new TenantService(createTenantStore(prisma), tokenStore, config.adminUserIds),
    revocations,
    requests,
    changes,
    apiKeys,
    auditTrail: new AuditTrail(createAuditTrailStore(prisma), config.auditRetentionDays),
    leaks: new LeakService({
      tokens,
      ledger: createLeakStore(prisma),
      findSecret: (digests) => tokenStore.findByDigests(digests), // the one lookup by secret a leak needs
      action: config.leaks.action,
      tokenPrefix: config.tokenPrefix,
      hashSecret: config.tokenHashSecret,
      previousHashSecrets: config.previousTokenHashSecrets,
      keys: (digest, leak) => apiKeys.leaked(digest, leak),
      // Bounded: the person who pasted it is answered even while Redis is away (and told to ask instead).
      onPastedByOther: (paste) => race(schedulePastedByOther(queue, paste), 2_000, 'redis'),
      onLeak: (leak) =>
        scheduleLeakNotices(queue, leak).catch((error: unknown) => {
          logger.warn({ err: error, leakId: leak.id }, 'could not queue the notices of a leak; the sweep will');
          throw error;
        }),
    }),
    destinations,
    webhookStore,
    webhooks: new WebhookService(webhookStore, (url) => destinationProblem(url, destinations)),
    // Workflow steps waiting on a request end with it: how each kind of request ended.
    steps: {
      ledger: createStepStore(prisma),
      outcomes: {
        revocation: async (id: string) => {
          const found = await revocations.find(id);
          return found ? revocationOutcome(found.request, found.token) : { refusal: 'closed' as const };
        },
        request: async (id: string) => {
          const request = await requests.find(id);
          if (!request) return { refusal: 'closed' as const };
          const done = request.kind === 'extend' && request.state === 'approved' && request.deliveredAt;
          const extended = done && request.displayId ? await tokenStore.getToken(request.displayId) : null;
          return requestOutcome(request, extended ?? undefined);
        },
      },
    },
  };
}
