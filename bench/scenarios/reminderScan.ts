// The reminder scan over many tokens of which 1,000 are due: time to find them and enqueue
// their deliveries (real PostgreSQL and Redis), in a database of its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { migrate } from '../../src/store/migrations.js';
import { dropDatabase } from '../../src/store/database.js';
import { createPrisma } from '../../src/store/prisma.js';
import { createReminderStore } from '../../src/store/reminderStore.js';
import { createQueue } from '../../src/jobs/queue.js';
import { createShortLivedStore } from '../../src/store/shortLived.js';
import { scanReminders, type ReminderContext } from '../../src/jobs/reminderScan.js';

const DUE = 1_000;

export async function reminderScan(options: { tokens: number; runs: number }) {
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/tokenops_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const logger = pino({ level: 'warn' });
  await migrate(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO organizations (id, slug, name, created_by) VALUES ('00000000-0000-0000-0000-000000000001', 'bench', 'Bench', 'U0')`,
  );
  // Server-side generation: far faster than sending the rows.
  await db.query(
    `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, created_by, updated_at, next_reminder_at, next_review_at)
     SELECT gen_random_uuid(), 'tok_' || lpad(g::text, 10, '0'), 'token ' || g, '00000000-0000-0000-0000-000000000001', '2026-01', '{orders:read}', 'U0BENCH001', '{}',
            now() + interval '200 days', 'U0BENCH001', now(), now() + interval '170 days' + (g || ' seconds')::interval, now() + interval '90 days'
     FROM generate_series(1, $1::int) g`,
    [options.tokens],
  );
  await db.query('ANALYZE tokens');

  const prisma = createPrisma(databaseUrl);
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const queue = createQueue(redis, prefix, logger);
  // The scan needs only the stores, the queue and the settings.
  const ctx = {
    store: createReminderStore(prisma),
    locks: createShortLivedStore(redis, prefix),
    queue,
    logger,
    settings: { thresholds: [30, 7, 1], reviewDays: 90, scanEverySeconds: 900 },
  } as unknown as ReminderContext;
  const times: number[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      // A fresh set of 1,000 tokens becomes due: expiring in 5 days, next reminder now.
      await db.query(
        `UPDATE tokens SET expires_at = now() + interval '5 days', next_reminder_at = now() - interval '1 second'
         WHERE display_id IN (SELECT 'tok_' || lpad(g::text, 10, '0') FROM generate_series($1::int, $1::int + $2::int - 1) g)`,
        [1 + run * DUE, DUE],
      );
      const started = performance.now();
      const enqueued = await scanReminders(ctx);
      times.push(performance.now() - started);
      if (enqueued !== DUE) throw new Error(`expected ${DUE} due reminders, found ${enqueued}`);
      await queue.drain();
    }
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect();
    await prisma.$disconnect();
    await db.end();
    await dropDatabase(databaseUrl);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    tokens: options.tokens,
    due: DUE,
    runs: times.map(round),
    minMs: round(sorted[0]!),
    medianMs: round(sorted[Math.floor(sorted.length / 2)]!),
    maxMs: round(sorted[sorted.length - 1]!),
  };
}
