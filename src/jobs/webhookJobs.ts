// Event deliveries (README: Events: signed webhooks). A relay job, every second, turns outbox events into deliveries and
// queues the head of each endpoint+token line; one `webhook-deliver` job per delivery, its job id
// the delivery's id (also its `webhook-id`), signs with the standardwebhooks package and POSTs.
// A failure is retried with BullMQ's exponential backoff (domain/webhooks.ts); the last failure
// disables the endpoint and tells whoever added it. A delivery done (or given up) queues the next
// one of its line, so an endpoint gets a token's events in order. A worker killed mid-delivery
// leaves its job stalled: BullMQ runs it again, with the same webhook-id (at-least-once).
import { Webhook } from 'standardwebhooks';
import { DELIVERY_RETRIES, retryDelayMs } from '../domain/webhooks.js';
import type { Logger } from '../observability/logger.js';
import type { WebhookDeliveries } from '../store/webhookStore.js';
import type { Sender } from '../webhooks/send.js';
import { enqueue, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { HOUR_MS } from '../domain/time.js';

const RELAY_EVERY_MS = 1_000;
const RELAY_BATCH = 500;
/** A queued job should start within this; long past it, the relay queues the delivery again. */
const DUE_MS = 60_000;
const PURGE_EVERY_MS = HOUR_MS;

type WebhookContext = {
  deliveries: WebhookDeliveries;
  sender: Sender;
  queue: TokenopsQueue;
  logger: Logger;
  /** Default DELIVERY_RETRIES; tests shorten it. */
  retries?: { attempts: number; firstDelayMs: number };
  /** Tells the person who added an endpoint that it was disabled. */
  tellDisabled(userId: string, notice: { id: string; url: string; attempts: number; error: string }): Promise<void>;
};

export function scheduleWebhookRelay(queue: TokenopsQueue, everyMs = RELAY_EVERY_MS) {
  return Promise.all([
    queue.upsertJobScheduler('webhook-relay', { every: everyMs }, { name: 'webhook-relay' }),
    queue.upsertJobScheduler('webhook-purge', { every: PURGE_EVERY_MS }, { name: 'webhook-purge' }),
  ]);
}

/** Signature headers: one `v1,…` per valid secret (two during a rotation), space-separated. */
function signatureHeaders(id: string, secrets: string[], body: string, at: Date): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}

export function webhookJobs(ctx: WebhookContext): JobHandlers {
  const { deliveries, queue, logger } = ctx;
  const retries = ctx.retries ?? DELIVERY_RETRIES;
  const queueDelivery = (queue: TokenopsQueue, deliveryId: string) =>
    enqueue(
      queue,
      'webhook-deliver',
      { deliveryId },
      { jobId: deliveryId, attempts: retries.attempts, backoff: { type: 'exponential', delay: retries.firstDelayMs } },
    );

  async function queueNext(endpointId: string, orderKey: string) {
    const next = await deliveries.takeNext(endpointId, orderKey, DUE_MS);
    if (next) await queueDelivery(queue, next);
  }

  return {
    'webhook-relay': async () => {
      while ((await deliveries.relay(RELAY_BATCH)) === RELAY_BATCH);
      for (const id of await deliveries.takeHeads(1_000, DUE_MS)) await queueDelivery(queue, id);
    },

    'webhook-purge': () => deliveries.purge(),

    'webhook-deliver': async (job) => {
      const delivery = await deliveries.load(job.data.deliveryId);
      if (!delivery) return 'gone'; // its endpoint was removed
      if (delivery.state !== 'pending')
        return queueNext(delivery.endpointId, delivery.orderKey).then(() => delivery.state);
      if (delivery.disabled) {
        await deliveries.cancel(delivery.id);
        return 'cancelled';
      }
      // The job's count, or the delivery's when its job was lost and queued anew.
      const attempt = Math.max(job.attemptsMade, delivery.attempts) + 1;
      const outcome = await ctx.sender.post(
        delivery.url,
        signatureHeaders(delivery.id, delivery.secrets, delivery.body, new Date()),
        delivery.body,
      );
      if (outcome.ok) {
        const next = await deliveries.deliveredTakeNext(delivery.id, attempt, outcome.status, DUE_MS);
        if (next) await queueDelivery(queue, next);
        return 'delivered';
      }
      if (attempt < retries.attempts) {
        await deliveries.failedAttempt(
          delivery.id,
          attempt,
          outcome.status,
          outcome.error,
          retryDelayMs(attempt, retries.firstDelayMs),
        );
        throw new Error(`webhook delivery failed: ${outcome.error}`); // BullMQ retries it after its backoff
      }
      await deliveries.giveUp(delivery.id, attempt, outcome.status, outcome.error);
      logger.warn(
        { endpointId: delivery.endpointId, deliveryId: delivery.id, attempts: attempt },
        'webhook endpoint disabled: a delivery failed for good',
      );
      await ctx.tellDisabled(delivery.createdBy, {
        id: delivery.endpointId,
        url: delivery.url,
        attempts: attempt,
        error: outcome.error,
      });
      return 'failed';
    },
  };
}
