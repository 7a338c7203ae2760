// The audit retention purge (AUDIT_RETENTION_DAYS): once a day, entries older than the
// retention period are removed in batches, each batch's removal itself an audit entry. A backlog
// one run cannot work off (a first purge, say) is taken up by the next run at once.
import type { AuditTrail } from '../domain/auditTrail.js';
import type { Logger } from '../observability/logger.js';
import { enqueue, schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { DAY_MS } from '../domain/time.js';

const EVERY_MS = DAY_MS;

export function scheduleAuditPurge(queue: TokenopsQueue) {
  return schedulePeriodic(queue, 'audit-purge', EVERY_MS);
}

export function auditPurgeJobs(trail: AuditTrail, queue: TokenopsQueue, logger: Logger): JobHandlers {
  return {
    'audit-purge': async () => {
      const { removed, done } = await trail.purge();
      logger.info({ removed, done }, 'audit entries past their retention removed');
      if (!done) await enqueue(queue, 'audit-purge', {});
    },
  };
}
