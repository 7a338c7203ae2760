// Reminder day at Slack's limits: 10,000 reminders due at once for 1,000 people, delivered by
// one worker (in this process) to the emulator enforcing Slack's rate tiers, a Slack minute
// lasting 1/scale of a minute. The bound is what Slack's limits allow at best for the calls
// a cold start needs (users.info, conversations.open, chat.postMessage per person); the
// ratio bound / measured says how close delivery comes to it. Every person's messages are
// then checked: each reminder exactly once.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { benchEnv } from '../lib/env.js';
import { loadConfig } from '../../src/config/env.js';
import { migrate } from '../../src/store/migrations.js';
import { dropDatabase } from '../../src/store/database.js';
import { startTokenops } from '../../src/tokenops.js';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { rateRule } from '../../src/notify/rateTiers.js';

const ORG = '00000000-0000-0000-0000-0000000000c1';

/** Least time Slack's limits allow for these calls: per limit, whole windows after the first burst. */
function slackBoundMs(calls: Array<{ method: string; channel?: string }>, scale: number): number {
  const perRule = new Map<string, { count: number; limit: number; windowMs: number }>();
  for (const call of calls) {
    const rule = rateRule(call.method, call.channel);
    if (!rule) continue;
    const entry = perRule.get(rule.key) ?? { count: 0, limit: rule.limit, windowMs: rule.windowMs };
    entry.count++;
    perRule.set(rule.key, entry);
  }
  return Math.max(0, ...[...perRule.values()].map((r) => ((Math.ceil(r.count / r.limit) - 1) * r.windowMs) / scale));
}

export async function reminderDelivery(options: { people: number; perPerson: number; scale: number }) {
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/tokenops_bench_${randomBytes(4).toString('hex')}`;
  await migrate(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const fake = await SlackEmulator.start({ rateTiers: { scale: options.scale, rule: rateRule } });
  const people = Array.from({ length: options.people }, (_, i) => `U0P${String(i).padStart(7, '0')}`);
  for (const id of people) fake.addUser({ id, ...(Number(id.slice(3)) % 5 === 0 ? { locale: 'ja-JP' } : {}) });
  await db.query(
    `INSERT INTO organizations (id, slug, name, created_by) VALUES ($1, 'reminders', 'Reminders', 'U0BENCHWS1')`,
    [ORG],
  );
  // Each person is the contact and creator of their tokens: one digest each. Not due yet.
  await db.query(
    `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, created_by, updated_at, next_review_at)
     SELECT gen_random_uuid(), 'tok_R' || lpad(g::text, 9, '0'), 'reminded ' || g, $1, '2026-01', '{orders:read}', p, '{}', now() + interval '5 days', p, now(), now() + interval '90 days'
     FROM generate_series(0, $2::int - 1) g, LATERAL (SELECT 'U0P' || lpad((g % $3::int)::text, 7, '0') AS p) person`,
    [ORG, options.people * options.perPerson, options.people],
  );
  const config = loadConfig(
    benchEnv(databaseUrl, fake, {
      SLACK_RATE_SCALE: String(options.scale),
      REMINDER_SCAN_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    }),
  );
  const worker = await startTokenops(config, { role: 'worker', logSink: { write: () => undefined } });
  try {
    const due = options.people * options.perPerson;
    const started = Date.now();
    await db.query(`UPDATE tokens SET next_reminder_at = now() WHERE organization_id = $1`, [ORG]);
    const posted = () => fake.callsTo('chat.postMessage').filter((c) => c.response.ok);
    const deadline = started + 600_000;
    while (new Set(posted().map((c) => c.args.channel)).size < people.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const finished = Math.max(...posted().map((c) => c.at));
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // later scans must add nothing

    // What each person holds: every one of their reminders once.
    const byChannel = new Map<string, string[]>();
    for (const call of posted())
      byChannel.set(String(call.args.channel), [
        ...(byChannel.get(String(call.args.channel)) ?? []),
        JSON.stringify(call.args.blocks),
      ]);
    const { rows } = await db.query<{ display_id: string; primary_contact: string }>(
      `SELECT display_id, primary_contact FROM tokens WHERE organization_id = $1`,
      [ORG],
    );
    let duplicates = 0;
    let lost = 0;
    for (const row of rows) {
      const times = (byChannel.get(`D${row.primary_contact.slice(1)}`) ?? []).filter((blocks) =>
        blocks.includes(row.display_id),
      ).length;
      if (times === 0) lost++;
      duplicates += Math.max(0, times - 1);
    }
    const messages = posted().length;
    const boundMs = slackBoundMs(
      people.flatMap((id) => [
        { method: 'users.info' },
        { method: 'conversations.open' },
        { method: 'chat.postMessage', channel: `D${id.slice(1)}` },
      ]),
      options.scale,
    );
    const tookMs = finished - started;
    return {
      people: options.people,
      reminders: due,
      scale: options.scale,
      tookMs,
      boundMs,
      ratio: Math.round((boundMs / tookMs) * 100) / 100,
      messages,
      extraMessages: messages - people.length,
      duplicates,
      lost,
      rateLimited: fake.calls.filter((c) => c.status === 429).length,
      slackCalls: fake.calls.length,
    };
  } finally {
    await worker.stop();
    await fake.close();
    await db.end();
    await dropDatabase(databaseUrl);
  }
}
