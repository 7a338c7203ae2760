// What Slack listeners need: the domain services, the catalog and the user's language.
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { RevocationService } from '../domain/revocations.js';
import type { ReminderContext } from '../jobs/reminderJobs.js';
import type { Catalog } from '../domain/catalog.js';
import type { TenantService } from '../domain/tenantService.js';
import type { TokenService } from '../domain/tokenService.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Locales } from './locale.js';

export type SlackDeps = {
  tokens: TokenService;
  tenants: TenantService;
  catalog: Catalog;
  locales: Locales;
  metrics: Metrics;
  logger: Logger;
  redis: Redis;
  redisPrefix: string;
  revocations: RevocationService;
  queue: Queue;
  reminders: ReminderContext;
  /** Where revocations are approved; unset: they happen at once, after a confirmation. */
  approvalsChannelId?: string;
};
