// Where the copies of a question asked by DM are (AskedCopies), over PostgreSQL: one row per
// copy, found by what it asks about, gone once rewritten. A copy left unanswered goes after 90
// days: each new one clears those (an index range, usually empty).
import type { AskedCopies } from '../domain/ports.js';
import type { Db } from './prisma.js';

const KEPT_MS = 90 * 86_400_000;
const AT_MOST = 500;

export function createAskedCopyStore(db: Db): AskedCopies {
  const oldest = () => new Date(Date.now() - KEPT_MS);
  return {
    async add(subject, recipient, { channel, ts }) {
      await db.askedCopy.createMany({ data: [{ subject, recipient, channel, ts }], skipDuplicates: true });
      await db.askedCopy.deleteMany({ where: { createdAt: { lt: oldest() } } });
    },

    of: (subject) =>
      db.askedCopy.findMany({
        where: { subject, createdAt: { gte: oldest() } },
        orderBy: { createdAt: 'desc' },
        take: AT_MOST,
        select: { recipient: true, channel: true, ts: true },
      }),

    async forget(places) {
      if (!places.length) return;
      await db.askedCopy.deleteMany({ where: { OR: places.map(({ channel, ts }) => ({ channel, ts })) } });
    },
  };
}
