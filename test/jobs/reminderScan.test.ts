// The scan over real PostgreSQL and Redis: what it queues, and that scans never overlap (two
// overlapping scans split a person's reminders between two digests), however long one takes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createRedis } from '../../src/store/redis.js';
import { createPrisma } from '../../src/store/prisma.js';
import { migrate } from '../../src/store/migrations.js';
import { createReminderStore } from '../../src/store/reminderStore.js';
import { createShortLivedStore } from '../../src/store/shortLived.js';
import { createQueue } from '../../src/jobs/queue.js';
import { scanReminders, type ReminderContext } from '../../src/jobs/reminderScan.js';
import { REDIS_URL, createRedisPrefix, createTestDatabase, sql } from '../support/databases.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redisPrefix = createRedisPrefix();
const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
let ctx: ReminderContext;
let prisma: ReturnType<typeof createPrisma>;
let claims = 0;
let claimMs = 300;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url);
  prisma = createPrisma(db.url);
  const store = createReminderStore(prisma);
  // A store whose claims take a while, as on a busy database: long enough for scans to overlap.
  const slow = {
    ...store,
    claimDue: async (...args: Parameters<typeof store.claimDue>) => {
      claims++;
      await new Promise((resolve) => setTimeout(resolve, claimMs));
      return store.claimDue(...args);
    },
  };
  const logger = pino({ level: 'silent' });
  ctx = {
    store: slow,
    locks: createShortLivedStore(redis, redisPrefix.prefix),
    queue: createQueue(redis, redisPrefix.prefix, logger),
    logger,
    settings: { thresholds: [30, 7, 1], reviewDays: 90, scanEverySeconds: 900 },
  } as unknown as ReminderContext;
  await sql(
    db.url,
    `INSERT INTO organizations (id, slug, name, created_by) VALUES ('00000000-0000-0000-0000-00000000000a', 'scan', 'Scan', 'U0ADMIN001')`,
  );
  await sql(
    db.url,
    `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, created_by, updated_at, next_reminder_at)
     SELECT gen_random_uuid(), 'tok_SCAN' || lpad(g::text, 6, '0'), 'scan ' || g, '00000000-0000-0000-0000-00000000000a', '2026-01', '{}', 'U0CONTACT1', '{dev@acme.test}', now() + interval '3 days', 'U0ADMIN001', now(), now()
     FROM generate_series(1, 5) g`,
  );
});

afterAll(async () => {
  await ctx.queue.close();
  await prisma.$disconnect();
  redis.disconnect();
  await redisPrefix.clean();
  await db.drop();
});

describe('reminder scan', () => {
  it('runs one at a time: an overlapping scan finds the lock and does nothing', async () => {
    const [first, second] = await Promise.all([scanReminders(ctx), scanReminders(ctx)]);
    expect([first, second].sort()).toEqual([0, 5]);
    expect(claims).toBe(1); // the second scan never read the due rows
    // One row per reminder and recipient (contact, creator, developer address), queued.
    const rows = await sql(
      db.url,
      `SELECT recipient, state, count(*)::int AS n FROM notifications GROUP BY recipient, state ORDER BY recipient`,
    );
    expect(rows).toEqual([
      { recipient: 'U0ADMIN001', state: 'queued', n: 5 },
      { recipient: 'U0CONTACT1', state: 'queued', n: 5 },
      { recipient: 'dev@acme.test', state: 'queued', n: 5 },
    ]);
    // One digest job per waiting recipient.
    const digests = (await ctx.queue.getJobs(['waiting'])).map((job) => (job.data as { recipient: string }).recipient);
    expect(digests.sort()).toEqual(['U0ADMIN001', 'U0CONTACT1', 'dev@acme.test'].sort());
    // The lock is released: the next scan runs (and finds nothing new due).
    expect(await scanReminders(ctx)).toBe(0);
    expect(await ctx.locks.get('reminder-scan')).toBeNull();
  });

  it('keeps its short hold for as long as it runs', async () => {
    claimMs = 17_000; // past the hold's 15 s, which a worker killed mid-scan leaves behind
    try {
      const before = claims;
      const first = scanReminders(ctx);
      await new Promise((resolve) => setTimeout(resolve, 16_000));
      expect(await scanReminders(ctx)).toBe(0);
      expect(claims).toBe(before + 1); // only the first scan read the due rows
      await first;
    } finally {
      claimMs = 300;
    }
  }, 30_000);
});
