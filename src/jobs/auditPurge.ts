// The audit retention purge (AUDIT_RETENTION_DAYS): once a day, entries older than the
// retention period are removed, and the removal is itself an audit entry.
import type { AuditTrail } from '../domain/auditTrail.js';
import type { Logger } from '../observability/logger.js';
import { schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { DAY_MS } from '../domain/time.js';

const EVERY_MS = DAY_MS;

export function scheduleAuditPurge(queue: TokenopsQueue) {
  return schedulePeriodic(queue, 'audit-purge', EVERY_MS);
}

export function auditPurgeJobs(trail: AuditTrail, logger: Logger): JobHandlers {
  return {
    'audit-purge': async () => {
      const removed = await trail.purge();
      logger.info({ removed }, 'audit entries past their retention removed');
    },
  };
}
