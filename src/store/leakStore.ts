// The leak ledger over PostgreSQL: one row per leaked secret (by digest). Claiming is one
// statement, so of concurrent reports exactly one applies the action. The row also records when
// the owners' notices were queued: an outbox the worker's sweep empties.
import type { Leak, LeakLedger } from '../domain/leaks.js';
import type { Db } from './prisma.js';

type Row = { id: number; token_id: string; display_id: string; reporter: string; location: string | null; origin: string | null; action: string };

const toLeak = (row: Row): Leak => ({
  id: row.id,
  tokenId: row.token_id,
  displayId: row.display_id,
  reporter: row.reporter as Leak['reporter'],
  location: row.location,
  origin: row.origin,
  action: row.action as Leak['action'],
});

export function createLeakStore(db: Db): LeakLedger {
  return {
    async claim(digest, leak, staleMs) {
      // Inserts the leak, or retakes a claim nobody applied within staleMs.
      const [claimed] = await db.$queryRaw<Row[]>`
        INSERT INTO leaks (digest, token_id, display_id, reporter, location, origin, action, claimed_at)
        VALUES (${digest}, ${leak.tokenId}::uuid, ${leak.displayId}, ${leak.reporter}, ${leak.location}, ${leak.origin}, ${leak.action}, now())
        ON CONFLICT (digest) DO UPDATE SET claimed_at = now()
          WHERE leaks.applied_at IS NULL AND leaks.claimed_at < now() - make_interval(secs => ${staleMs / 1000}::float8)
        RETURNING id, token_id::text, display_id, reporter, location, origin, action`;
      if (claimed) return { state: 'claimed', leak: toLeak(claimed) };
      // A separate statement: a row committed by a concurrent report is visible to it.
      const [known] = await db.$queryRaw<Row[]>`
        SELECT id, token_id::text, display_id, reporter, location, origin, action FROM leaks WHERE digest = ${digest}`;
      return { state: 'known', leak: toLeak(known!) };
    },

    async known(digest) {
      return (await db.leak.count({ where: { digest } })) > 0;
    },

    async noticesQueued(id) {
      await db.leak.update({ where: { id }, data: { noticesQueuedAt: new Date() } });
    },

    async awaitingNotices(olderThanMs, limit) {
      const rows = await db.$queryRaw<Row[]>`
        SELECT id, token_id::text, display_id, reporter, location, origin, action FROM leaks
        WHERE notices_queued_at IS NULL AND applied_at < now() - make_interval(secs => ${olderThanMs / 1000}::float8)
        ORDER BY applied_at LIMIT ${limit}`;
      return rows.map(toLeak);
    },
  };
}
