// The reminder scan over 1,000,000 tokens of which 1,000 are due: time to find them and
// enqueue their deliveries (real PostgreSQL and Redis). `npm run bench:scan`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { migrate } from '../src/store/migrations.js';
import { dropDatabase } from '../src/store/database.js';
import { createPrisma } from '../src/store/prisma.js';
import { createReminderStore } from '../src/store/reminderStore.js';
import { createQueue } from '../src/jobs/queue.js';
import { scanReminders, type ReminderContext } from '../src/jobs/reminderJobs.js';

const TOKENS = Number(process.env.BENCH_TOKENS ?? 1_000_000);
const DUE = 1_000;
const databaseUrl = `postgresql://postgres@127.0.0.1:5432/tokenops_bench_${randomBytes(4).toString('hex')}`;
const prefix = `bench${randomBytes(3).toString('hex')}`;
const logger = pino({ level: 'warn' });

await migrate(databaseUrl);
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const seeding = Date.now();
await db.query(`INSERT INTO organizations (id, slug, name, created_by) VALUES ('00000000-0000-0000-0000-000000000001', 'bench', 'Bench', 'U0')`);
// Server-side generation: far faster than sending a million rows.
await db.query(
  `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, created_by, updated_at, next_reminder_at, next_review_at)
   SELECT gen_random_uuid(), 'tok_' || lpad(g::text, 10, '0'), 'token ' || g, '00000000-0000-0000-0000-000000000001', '2026-01', '{orders:read}', 'U0BENCH001', '{}',
          now() + interval '200 days', 'U0BENCH001', now(), now() + interval '170 days' + (g || ' seconds')::interval, now() + interval '90 days'
   FROM generate_series(1, $1) g`,
  [TOKENS],
);
await db.query('ANALYZE tokens');
console.log(`seeded ${TOKENS} tokens in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

const prisma = createPrisma(databaseUrl);
const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const queue = createQueue(redis, prefix, logger);
const ctx = { store: createReminderStore(prisma), queue, logger, settings: { thresholds: [30, 7, 1], reviewDays: 90, scanEverySeconds: 900 } } as unknown as ReminderContext;
const times: number[] = [];
try {
  for (let run = 0; run < 5; run++) {
    // Make 1,000 tokens due (expiring in 5 days, next reminder now), a fresh set each run.
    await db.query(
      `UPDATE tokens SET expires_at = now() + interval '5 days', next_reminder_at = now() - interval '1 second', reminder_epoch = reminder_epoch + 1
       WHERE display_id IN (SELECT 'tok_' || lpad(g::text, 10, '0') FROM generate_series($1::int, $1::int + $2::int - 1) g)`,
      [1 + run * DUE, DUE],
    );
    const started = process.hrtime.bigint();
    const enqueued = await scanReminders(ctx);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (enqueued !== DUE) throw new Error(`expected ${DUE} due reminders, found ${enqueued}`);
    await queue.drain();
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(JSON.stringify({ tokens: TOKENS, due: DUE, runs: times.map((t) => +t.toFixed(1)), minMs: +sorted[0]!.toFixed(1), medianMs: +sorted[2]!.toFixed(1), maxMs: +sorted[4]!.toFixed(1) }));
} finally {
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  redis.disconnect();
  await prisma.$disconnect();
  await db.end();
  await dropDatabase(databaseUrl);
}
