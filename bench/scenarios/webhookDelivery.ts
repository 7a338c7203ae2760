// Webhook delivery throughput: `events` outbox events over `tokens` tokens (a few per token, so
// each endpoint+token line is delivered in order) to one local receiver, by one worker (in this
// process, with real PostgreSQL and Redis): events per second from the first relay to the last
// delivery, each event delivered once (duplicates and losses counted by webhook-id).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { benchEnv } from '../lib/env.js';
import { loadConfig } from '../../src/config/env.js';
import { migrate } from '../../src/store/migrations.js';
import { dropDatabase } from '../../src/store/database.js';
import { startTokenops } from '../../src/tokenops.js';
import { SlackEmulator } from '@tokenops/slack-emulator';

const ADMIN = 'U0BENCHWS1';

export async function webhookDelivery(options: { events: number; tokens: number }) {
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/tokenops_bench_${randomBytes(4).toString('hex')}`;
  await migrate(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const fake = await SlackEmulator.start();
  const ids = new Map<string, number>();
  let last = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      ids.set(id, (ids.get(id) ?? 0) + 1);
      last = Date.now();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const config = loadConfig(
    benchEnv(databaseUrl, fake, {
      ADMIN_USER_IDS: ADMIN,
      LOG_LEVEL: 'error',
      NODE_ENV: 'development', // the receiver is plain http on loopback
    }),
  );
  const worker = await startTokenops(config, { role: 'worker', logSink: { write: () => undefined } });
  try {
    await worker.webhooks.add(
      await worker.tokens.actor(ADMIN),
      `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      [],
    );
    const started = Date.now();
    // Events as the audit writer leaves them: numbered per token, in the outbox, not relayed yet.
    await db.query(
      `INSERT INTO events (type, token_id, token_seq, body)
       SELECT 'token.changed', t.id, s, json_build_object('type', 'token.changed', 'timestamp', now(), 'data', json_build_object('token', json_build_object('id', 'tok_' || g), 'actor', $3::text))::text
       FROM generate_series(1, $1::int) g, LATERAL (SELECT md5((g % $2::int)::text)::uuid AS id) t, LATERAL (SELECT g / $2::int + 1 AS s) n`,
      [options.events, options.tokens, ADMIN],
    );
    const deadline = started + 600_000;
    while (ids.size < options.events && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // anything sent twice would come now
    const tookMs = last - started;
    const duplicates = [...ids.values()].reduce((sum, n) => sum + n - 1, 0);
    return {
      events: options.events,
      tokens: options.tokens,
      tookMs,
      perSecond: Math.round((ids.size / tookMs) * 1000),
      duplicates,
      lost: options.events - ids.size,
    };
  } finally {
    await worker.stop();
    await fake.close();
    receiver.close();
    await db.end();
    await dropDatabase(databaseUrl);
  }
}
