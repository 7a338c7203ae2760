// The deliveries' storage: one delivery per event and endpoint however often the relay runs, a
// token's line queued one at a time, and the purge forgetting only what nobody waits for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../../src/store/prisma.js';
import { createWebhookStore } from '../../src/store/webhookStore.js';
import { writeEvent } from '../../src/store/events.js';
import { eventBody } from '../../src/domain/events.js';
import { SecretBox } from '../../src/notify/webhooks/secretBox.js';
import { createTestDatabase, sql as runSql } from '../support/databases.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let store: ReturnType<typeof createWebhookStore>;
const sql = (text: string, values: unknown[] = []) => runSql(database.url, text, values);
const TOKEN = '00000000-0000-0000-0000-00000000a001';
const audit = { actor: 'U0WSADMIN1', action: 'webhook.add' as const, outcome: 'ok' as const };

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma(database.url);
  store = createWebhookStore(db, new SecretBox('test-token-hash-secret-0123456789abcdef'));
  await store.create(
    { id: 'whk_store00001', url: 'http://127.0.0.1:9/a', types: [], createdBy: 'U0WSADMIN1' },
    'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
    audit,
  );
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('webhook deliveries in storage', () => {
  it('relays each event once, even when relays overlap, and queues a token one delivery at a time', async () => {
    for (let i = 0; i < 3; i++)
      await writeEvent(db, eventBody('token.changed', new Date(), { n: i }), { tokenId: TOKEN });
    await Promise.all([store.relay(500), store.relay(500), store.relay(500)]);
    await store.relay(500);
    const rows = await sql(`SELECT id, order_seq FROM webhook_deliveries ORDER BY order_seq`);
    expect(rows.map((r: { order_seq: string }) => Number(r.order_seq))).toEqual([1, 2, 3]);
    expect(await store.takeHeads(100, 60_000)).toEqual([rows[0].id]);
    expect(await store.takeHeads(100, 60_000)).toEqual([]); // queued already
    expect(await store.deliveredTakeNext(rows[0].id, 1, 204, 60_000)).toBe(rows[1].id);
    const sent = await store.load(rows[1].id);
    expect(sent).toMatchObject({
      state: 'pending',
      url: 'http://127.0.0.1:9/a',
      secrets: ['whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0'],
    });
    expect(JSON.parse(sent!.body)).toMatchObject({ type: 'token.changed', data: { n: 1 } });
  });

  it('purges old finished deliveries and relayed events nobody waits for, nothing else', async () => {
    await sql(`UPDATE webhook_deliveries SET created_at = now() - interval '40 days'`);
    await sql(`UPDATE events SET relayed_at = now() - interval '4 days'`);
    await store.purge();
    const left = await sql(`SELECT state FROM webhook_deliveries ORDER BY order_seq`);
    expect(left.map((r: { state: string }) => r.state)).toEqual(['pending', 'pending']); // the delivered one went
    expect(Number((await sql(`SELECT count(*) FROM events`))[0].count)).toBe(2); // its event too; the pending ones' stay
  });

  it('counts as given up the delivery that failed for good and those its disabling cancelled', async () => {
    const [head] = await sql(`SELECT id FROM webhook_deliveries WHERE state = 'pending' ORDER BY order_seq LIMIT 1`);
    await store.giveUp(head.id, 13, 500, 'HTTP 500');
    const [endpoint] = (await store.list()).filter((e) => e.id === 'whk_store00001');
    expect(endpoint).toMatchObject({ disabledAt: expect.any(Date), pending: 0, failed: 2 });
  });
});
