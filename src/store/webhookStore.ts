// Webhook endpoints and deliveries over PostgreSQL. The relay turns outbox events into one
// delivery per subscribed endpoint and marks them relayed in one transaction; deliveries of one
// token to one endpoint go one at a time in the token's event order (the "head" of each
// endpoint+token line is the only one queued).
import { randomBase62 } from '../domain/secret.js';
import { TEST_EVENT, type EventBody } from '../domain/events.js';
import type { SecretSealer, WebhookDeliveries, WebhookEndpoint, WebhookStore } from '../domain/webhooks.js';
import type { EventType } from '../domain/events.js';
import { writeAudit } from './audit.js';
import { writeEvent } from './events.js';
import type { Db } from './prisma.js';
import {
  DELIVERED_TAKE_NEXT,
  HEADS,
  LOAD,
  LOCK_ENDPOINT_SECRET,
  NEXT_IN_LINE,
  PURGE_DELIVERIES,
  PURGE_EVENTS,
  TRY_RELAY_LOCK,
  UNRELAYED_EVENTS,
  type EventRow,
  type HeadRow,
  type LoadRow,
} from './sql/webhooks.js';

export function createWebhookStore(db: Db, box: SecretSealer): WebhookStore & WebhookDeliveries {
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
      const counts = await db.webhookDelivery.groupBy({
        by: ['endpointId', 'state'],
        _count: { _all: true },
        where: { state: { in: ['pending', 'failed', 'cancelled'] } },
      });
      const count = (id: string, state: string) =>
        counts.find((c) => c.endpointId === id && c.state === state)?._count._all ?? 0;
      return rows.map((row): WebhookEndpoint => ({
        id: row.id,
        url: row.url,
        types: row.types as EventType[],
        createdBy: row.createdBy,
        createdAt: row.createdAt,
        disabledAt: row.disabledAt,
        disabledReason: row.disabledReason,
        previousUntil: row.previousUntil,
        pending: count(row.id, 'pending'),
        // Given up: the delivery that failed for good, and those its endpoint's disabling cancelled.
        failed: count(row.id, 'failed') + count(row.id, 'cancelled'),
      }));
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
        const [row] = await tx.$queryRawUnsafe<{ secret: string }[]>(LOCK_ENDPOINT_SECRET, id);
        if (!row) return false;
        await tx.webhookEndpoint.update({
          where: { id },
          data: { secret: box.seal(secret, id), previousSecret: row.secret, previousUntil },
        });
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
        const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(TRY_RELAY_LOCK);
        if (!lock?.locked) return 0;
        const events = await tx.$queryRawUnsafe<EventRow[]>(UNRELAYED_EVENTS, limit);
        if (!events.length) return 0;
        const endpoints = await tx.webhookEndpoint.findMany({
          where: { disabledAt: null },
          select: { id: true, types: true },
        });
        const rows = events.flatMap((event) => {
          const targets = event.endpoint_id
            ? endpoints.filter((endpoint) => endpoint.id === event.endpoint_id)
            : endpoints.filter(
                (endpoint) =>
                  event.type !== TEST_EVENT && (!endpoint.types.length || endpoint.types.includes(event.type)),
              );
          return targets.map((endpoint) => ({
            id: `msg_${randomBase62(22)}`,
            endpointId: endpoint.id,
            eventSeq: event.seq,
            orderKey: event.token_id ?? '',
            orderSeq: event.token_seq !== null ? BigInt(event.token_seq) : event.seq,
          }));
        });
        if (rows.length) await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
        await tx.event.updateMany({
          where: { seq: { in: events.map((event) => event.seq) } },
          data: { relayedAt: new Date() },
        });
        return events.length;
      }),

    async takeHeads(limit, dueInMs) {
      const rows = await db.$queryRawUnsafe<HeadRow[]>(HEADS, limit);
      if (rows.length)
        await markQueued(
          db,
          rows.map((row) => row.id),
          dueInMs,
        );
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
        secrets: [
          open(row.secret, row.endpoint_id),
          ...(row.previous_secret ? [open(row.previous_secret, row.endpoint_id)] : []),
        ],
        body: row.body,
        createdBy: row.created_by,
      };
    },

    async failedAttempt(id, attempts, status, error, retryInMs) {
      await db.webhookDelivery.updateMany({
        where: { id, state: 'pending' },
        data: {
          attempts,
          lastStatus: status ?? null,
          lastError: error.slice(0, 500),
          nextAttemptAt: new Date(Date.now() + retryInMs),
        },
      });
    },

    giveUp: (id, attempts, status, error) =>
      db.$transaction(async (tx) => {
        const delivery = await tx.webhookDelivery.update({
          where: { id },
          data: { state: 'failed', attempts, lastStatus: status ?? null, lastError: error.slice(0, 500) },
        });
        const { count } = await tx.webhookEndpoint.updateMany({
          where: { id: delivery.endpointId, disabledAt: null },
          data: { disabledAt: new Date(), disabledReason: error.slice(0, 200) },
        });
        await tx.webhookDelivery.updateMany({
          where: { endpointId: delivery.endpointId, state: 'pending' },
          data: { state: 'cancelled' },
        });
        if (count)
          await writeAudit(tx, [
            {
              actor: 'tokenops',
              action: 'webhook.disable',
              outcome: 'ok',
              reason: error.slice(0, 200),
              snapshot: { endpointId: delivery.endpointId, deliveryId: id, attempts },
            },
          ]);
      }),

    async cancel(id) {
      await db.webhookDelivery.updateMany({ where: { id, state: 'pending' }, data: { state: 'cancelled' } });
    },

    async purge() {
      await db.$executeRawUnsafe(PURGE_DELIVERIES);
      await db.$executeRawUnsafe(PURGE_EVENTS);
    },
  };
}

async function markQueued(db: Db, ids: string[], dueInMs: number) {
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids } },
    data: { queuedAt: new Date(), nextAttemptAt: new Date(Date.now() + dueInMs) },
  });
}
