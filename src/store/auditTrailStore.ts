// AuditTrailStore over PostgreSQL: keyset pages in (created_at, id) order (index
// audit_events_created_at_id_idx) and the retention purge, a batch at a time.
import type { AuditTrailStore } from '../domain/auditTrail.js';
import { auditEntryOf, writeAudit, type AuditRow } from './audit.js';
import type { Db } from './prisma.js';
import { auditPage, purgeBatch } from './sql/audit.js';

export function createAuditTrailStore(db: Db): AuditTrailStore {
  return {
    async page(query) {
      const rows = await db.$queryRaw<AuditRow[]>(auditPage(query));
      return rows.map(auditEntryOf);
    },

    async purge(before, limit, audit) {
      return db.$transaction(async (tx) => {
        const count = await tx.$executeRaw(purgeBatch(before, limit));
        await writeAudit(tx, [audit(count)]);
        return count;
      });
    },
  };
}
