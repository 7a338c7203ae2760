// Webhook endpoints and deliveries over PostgreSQL. The relay turns outbox events into one
// delivery per subscribed endpoint and marks them relayed in one transaction; deliveries of one
// token to one endpoint go one at a time in the token's event order (the "head" of each
// endpoint+token line is the only one queued).
import { randomBase62 } from '../domain/secret.js';
import { TEST_EVENT, type EventBody } from '../domain/events.js';
import type { WebhookEndpoint, WebhookStore } from '../domain/webhooks.js';
import type { EventType } from '../domain/events.js';
import type { SecretBox } from '../webhooks/secretBox.js';
import { writeAudit } from './audit.js';
import { writeEvent } from './events.js';
import type { Db } from './prisma.js';

/** Everything one attempt needs. */
export type DeliveryToSend = {
  id: string;
  state: string;
  attempts: number;
  endpointId: string;
  orderKey: string;
  url: string;
  disabled: boolean;
  /** The secrets to sign with: the current one, and the previous during a rotation. */
  secrets: string[];
  body: string;
  createdBy: string;
};

type HeadRow = { id: string };
/** The relay's advisory lock key (any constant no other lock uses). */
const RELAY_LOCK = 7_202_612_040;
/** Delivered, failed or cancelled deliveries are kept this long (`/token webhook list` counts
 *  the failed ones); relayed events as long as a delivery may still need them, and a day more. */
const KEEP_DONE_DAYS = 30;
const KEEP_EVENTS_DAYS = 3;

/** Pending deliveries with none of their line before them: never queued, or whose job is long
 *  overdue (lost with Redis, say; a job still there is not queued twice: its id is the delivery's). */
const HEADS = `
  SELECT d.id FROM webhook_deliveries d
  WHERE d.state = 'pending' AND (d.queued_at IS NULL OR d.next_attempt_at < now() - interval '10 minutes')
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.state = 'pending' AND e.endpoint_id = d.endpoint_id
      AND e.order_key = d.order_key AND e.order_seq < d.order_seq)
  ORDER BY d.created_at LIMIT $1`;

/** Marks a delivery delivered and the next of its line queued, in one statement (the subquery
 *  reads the snapshot before the update: the delivered row is left out by its id). */
const DELIVERED_TAKE_NEXT = `
  WITH done AS (
    UPDATE webhook_deliveries SET state = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = now()
    WHERE id = $1 AND state = 'pending' RETURNING endpoint_id, order_key)
  UPDATE webhook_deliveries SET queued_at = now(), next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
  WHERE id = (SELECT d.id FROM webhook_deliveries d, done WHERE d.state = 'pending' AND d.endpoint_id = done.endpoint_id
    AND d.order_key = done.order_key AND d.id <> $1 ORDER BY d.order_seq LIMIT 1)
  RETURNING id`;

const NEXT_IN_LINE = `
  UPDATE webhook_deliveries SET queued_at = now(), next_attempt_at = now() + make_interval(secs => $3::float8 / 1000)
  WHERE id = (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND endpoint_id = $1 AND order_key = $2 ORDER BY order_seq LIMIT 1)
  RETURNING id`;

const LOAD = `
  SELECT d.id, d.state, d.attempts, d.endpoint_id, d.order_key, e.url, e.disabled_at IS NOT NULL AS disabled, e.secret,
    CASE WHEN e.previous_until > now() THEN e.previous_secret END AS previous_secret, e.created_by, v.body
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN events v ON v.seq = d.event_seq
  WHERE d.id = $1`;
type LoadRow = { id: string; state: string; attempts: number; endpoint_id: string; order_key: string; url: string; disabled: boolean; secret: string; previous_secret: string | null; created_by: string; body: string };

export type WebhookDeliveries = {
  /** Outbox events into deliveries; how many events were relayed (at most `limit`). */
  relay(limit: number): Promise<number>;
  /** Heads to queue; marked queued (due `dueInMs` from now). */
  takeHeads(limit: number, dueInMs: number): Promise<string[]>;
  /** The delivery after this one in its line, marked queued; undefined when none. */
  takeNext(endpointId: string, orderKey: string, dueInMs: number): Promise<string | undefined>;
  /** Marks it delivered; the next of its line, marked queued (undefined when none). */
  deliveredTakeNext(id: string, attempts: number, status: number, dueInMs: number): Promise<string | undefined>;
  load(id: string): Promise<DeliveryToSend | null>;
  failedAttempt(id: string, attempts: number, status: number | undefined, error: string, retryInMs: number): Promise<void>;
  /** The delivery failed for good: it and the endpoint's other pending deliveries end, and the
   *  endpoint is disabled (audited). */
  giveUp(id: string, attempts: number, status: number | undefined, error: string): Promise<void>;
  /** The endpoint was disabled or removed meanwhile. */
  cancel(id: string): Promise<void>;
  /** Forgets old finished deliveries and relayed events none of which is still waited for. */
  purge(): Promise<void>;
};

export function createWebhookStore(db: Db, box: SecretBox): WebhookStore & WebhookDeliveries {
  const open = (sealed: string, id: string) => box.open(sealed, id);
  return {
    recordAudit: (draft) => writeAudit(db, [draft]),

    async create(endpoint, secret, audit) {
      await db.$transaction(async (tx) => {
        await tx.webhookEndpoint.create({ data: { ...endpoint, secret: box.seal(secret, endpoint.id) } });
        await writeAudit(tx, [audit]);
      });
    },

    async list() {
      const rows = await db.webhookEndpoint.findMany({ orderBy: { createdAt: 'asc' } });
      const counts = await db.webhookDelivery.groupBy({ by: ['endpointId', 'state'], _count: { _all: true }, where: { state: { in: ['pending', 'failed'] } } });
      const count = (id: string, state: string) => counts.find((c) => c.endpointId === id && c.state === state)?._count._all ?? 0;
      return rows.map(
        (row): WebhookEndpoint => ({
          id: row.id,
          url: row.url,
          types: row.types as EventType[],
          createdBy: row.createdBy,
          createdAt: row.createdAt,
          disabledAt: row.disabledAt,
          disabledReason: row.disabledReason,
          previousUntil: row.previousUntil,
          pending: count(row.id, 'pending'),
          failed: count(row.id, 'failed'),
        }),
      );
    },

    exists: async (id) => (await db.webhookEndpoint.count({ where: { id } })) > 0,

    remove: (id, audit) =>
      db.$transaction(async (tx) => {
        const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } });
        if (count) await writeAudit(tx, [audit]);
        return count > 0;
      }),

    rotate: (id, secret, previousUntil, audit) =>
      db.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<{ secret: string }[]>`SELECT secret FROM webhook_endpoints WHERE id = ${id} FOR UPDATE`;
        if (!row) return false;
        await tx.webhookEndpoint.update({ where: { id }, data: { secret: box.seal(secret, id), previousSecret: row.secret, previousUntil } });
        await writeAudit(tx, [audit]);
        return true;
      }),

    ping: (id, event: EventBody, audit) =>
      db.$transaction(async (tx) => {
        if (!(await tx.webhookEndpoint.count({ where: { id, disabledAt: null } }))) return false;
        await writeEvent(tx, event, { endpointId: id });
        await writeAudit(tx, [audit]);
        return true;
      }),

    relay: (limit) =>
      db.$transaction(async (tx) => {
        // One relay at a time (another running: this one has nothing to do). Batches then follow
        // the outbox's order, and a token's events are committed in that order (event_counters),
        // so none of a token's events is relayed before an earlier one.
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}::bigint) AS locked`;
        if (!lock?.locked) return 0;
        const events = await tx.$queryRaw<{ seq: bigint; type: string; token_id: string | null; token_seq: number | null; endpoint_id: string | null }[]>`
          SELECT seq, type, token_id::text, token_seq, endpoint_id FROM events WHERE relayed_at IS NULL ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        if (!events.length) return 0;
        const endpoints = await tx.webhookEndpoint.findMany({ where: { disabledAt: null }, select: { id: true, types: true } });
        const rows = events.flatMap((event) => {
          const targets = event.endpoint_id
            ? endpoints.filter((endpoint) => endpoint.id === event.endpoint_id)
            : endpoints.filter((endpoint) => event.type !== TEST_EVENT && (!endpoint.types.length || endpoint.types.includes(event.type)));
          return targets.map((endpoint) => ({
            id: `msg_${randomBase62(22)}`,
            endpointId: endpoint.id,
            eventSeq: event.seq,
            orderKey: event.token_id ?? '',
            orderSeq: event.token_seq !== null ? BigInt(event.token_seq) : event.seq,
          }));
        });
        if (rows.length) await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
        await tx.event.updateMany({ where: { seq: { in: events.map((event) => event.seq) } }, data: { relayedAt: new Date() } });
        return events.length;
      }),

    async takeHeads(limit, dueInMs) {
      const rows = await db.$queryRawUnsafe<HeadRow[]>(HEADS, limit);
      if (rows.length) await markQueued(db, rows.map((row) => row.id), dueInMs);
      return rows.map((row) => row.id);
    },

    async takeNext(endpointId, orderKey, dueInMs) {
      const [row] = await db.$queryRawUnsafe<HeadRow[]>(NEXT_IN_LINE, endpointId, orderKey, dueInMs);
      return row?.id;
    },

    async deliveredTakeNext(id, attempts, status, dueInMs) {
      const [row] = await db.$queryRawUnsafe<HeadRow[]>(DELIVERED_TAKE_NEXT, id, attempts, status, dueInMs);
      return row?.id;
    },

    async load(id) {
      const [row] = await db.$queryRawUnsafe<LoadRow[]>(LOAD, id);
      if (!row) return null;
      return {
        id: row.id,
        state: row.state,
        attempts: row.attempts,
        endpointId: row.endpoint_id,
        orderKey: row.order_key,
        url: row.url,
        disabled: row.disabled,
        secrets: [open(row.secret, row.endpoint_id), ...(row.previous_secret ? [open(row.previous_secret, row.endpoint_id)] : [])],
        body: row.body,
        createdBy: row.created_by,
      };
    },

    async failedAttempt(id, attempts, status, error, retryInMs) {
      await db.webhookDelivery.updateMany({ where: { id, state: 'pending' }, data: { attempts, lastStatus: status ?? null, lastError: error.slice(0, 500), nextAttemptAt: new Date(Date.now() + retryInMs) } });
    },

    giveUp: (id, attempts, status, error) =>
      db.$transaction(async (tx) => {
        const delivery = await tx.webhookDelivery.update({ where: { id }, data: { state: 'failed', attempts, lastStatus: status ?? null, lastError: error.slice(0, 500) } });
        const { count } = await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpointId, disabledAt: null }, data: { disabledAt: new Date(), disabledReason: error.slice(0, 200) } });
        await tx.webhookDelivery.updateMany({ where: { endpointId: delivery.endpointId, state: 'pending' }, data: { state: 'cancelled' } });
        if (count) await writeAudit(tx, [{ actor: 'tokenops', action: 'webhook.disable', outcome: 'ok', reason: error.slice(0, 200), snapshot: { endpointId: delivery.endpointId, deliveryId: id, attempts } }]);
      }),

    async cancel(id) {
      await db.webhookDelivery.updateMany({ where: { id, state: 'pending' }, data: { state: 'cancelled' } });
    },

    async purge() {
      await db.$executeRaw`DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < now() - make_interval(days => ${KEEP_DONE_DAYS})`;
      await db.$executeRaw`DELETE FROM events v WHERE v.relayed_at < now() - make_interval(days => ${KEEP_EVENTS_DAYS})
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_seq = v.seq AND d.state = 'pending')`;
    },
  };
}

async function markQueued(db: Db, ids: string[], dueInMs: number) {
  await db.webhookDelivery.updateMany({ where: { id: { in: ids } }, data: { queuedAt: new Date(), nextAttemptAt: new Date(Date.now() + dueInMs) } });
}
