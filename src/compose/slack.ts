// What the Slack layer is given (SlackServices): the domain services, the stores of a click's
// short-lived state, and from src/notify people's languages and paced posts.
import type { Config } from '../config/env.js';
import { Once } from '../domain/once.js';
import { SavedLists } from '../domain/savedLists.js';
import { requestScheduler } from '../jobs/requestJobs.js';
import type { Notifier } from '../notify/deliveries.js';
import type { People } from '../notify/people.js';
import { contactDeactivated } from '../notify/reminders.js';
import type { SlackMessages } from '../notify/slackMessages.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { SlackServices } from '../slack/deps.js';
import type { Connections } from './connections.js';
import type { Services } from './services.js';

type SlackNeeds = {
  config: Config;
  connections: Connections;
  services: Services;
  notify: { notifier: Notifier; people: People; outbox: SlackMessages };
  metrics: Metrics;
  logger: Logger;
};

export function slackServices({ config, connections, services, notify, metrics, logger }: SlackNeeds): SlackServices {
  return {
    tokens: services.tokens,
    tenants: services.tenants,
    revocations: services.revocations,
    requests: services.requests,
    changes: services.changes,
    requestScheduler: requestScheduler(connections.queue),
    apiKeys: services.apiKeys,
    leaks: services.leaks,
    webhooks: services.webhooks,
    leakScan: config.leaks.scanChannels ? { tokenPrefix: config.tokenPrefix } : undefined,
    lists: new SavedLists(connections.requestStore),
    once: new Once(connections.requestStore),
    catalog: services.catalog,
    metrics,
    logger,
    scheduler: services.scheduler,
    contactDeactivated: (userId) => contactDeactivated(notify.notifier, userId),
    locales: notify.people,
    outbox: notify.outbox,
    approvalsChannelId: config.approvalsChannelId,
    workspaceLanguage: config.workspaceLanguage,
    steps: services.steps,
    tokenPrefix: config.tokenPrefix,
  };
}
