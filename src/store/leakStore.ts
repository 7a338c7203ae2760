// The leak ledger over PostgreSQL: one row per leaked secret (by digest). The row also records
// when the owners' notices were queued: an outbox the worker's sweep empties.
import type { LeakLedger } from '../domain/ports.js';
import type { Db } from './prisma.js';
import { AWAITING_NOTICES, CLAIM_LEAK, LEAK_BY_DIGEST, leakFromRow, type LeakRow } from './sql/leaks.js';

export function createLeakStore(db: Db): LeakLedger {
  return {
    async claim(digest, leak, staleMs) {
      const [claimed] = await db.$queryRawUnsafe<LeakRow[]>(
        CLAIM_LEAK,
        digest,
        leak.tokenId,
        leak.displayId,
        leak.reporter,
        leak.location,
        leak.origin,
        leak.action,
        staleMs,
      );
      if (claimed) return { state: 'claimed', leak: leakFromRow(claimed) };
      // A separate statement: a row committed by a concurrent report is visible to it.
      const [known] = await db.$queryRawUnsafe<LeakRow[]>(LEAK_BY_DIGEST, digest);
      return { state: 'known', leak: leakFromRow(known!) };
    },

    async known(digest) {
      return (await db.leak.count({ where: { digest } })) > 0;
    },

    async noticesQueued(id) {
      await db.leak.update({ where: { id }, data: { noticesQueuedAt: new Date() } });
    },

    async awaitingNotices(olderThanMs, limit) {
      return (await db.$queryRawUnsafe<LeakRow[]>(AWAITING_NOTICES, olderThanMs, limit)).map(leakFromRow);
    },
  };
}
