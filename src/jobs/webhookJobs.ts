// Event deliveries' jobs (README: Events: signed webhooks). A relay job, every second, turns outbox events into
// deliveries and queues the head of each endpoint+token line; one `webhook-deliver` job per
// delivery, its job id the delivery's id (also its `webhook-id`), has notify/webhooks/deliver.ts
// make one attempt. A failure is retried with BullMQ's exponential backoff (domain/webhooks.ts).
// A delivery done (or given up) queues the next one of its line, so an endpoint gets a token's
// events in order. A worker killed mid-delivery leaves its job stalled: BullMQ runs it again,
// with the same webhook-id (at-least-once).
import { HOUR_MS } from '../domain/time.js';
import { DELIVERY_RETRIES, QUEUED_DUE_MS } from '../domain/webhooks.js';
import { attemptDelivery, type WebhookChannel } from '../notify/webhooks/deliver.js';
import { enqueue, schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

const RELAY_EVERY_MS = 1_000;
const RELAY_BATCH = 500;
const PURGE_EVERY_MS = HOUR_MS;

type WebhookContext = Omit<WebhookChannel, 'retries'> & {
  queue: TokenopsQueue;
  /** Default DELIVERY_RETRIES; tests shorten it. */
  retries?: WebhookChannel['retries'];
};

export function scheduleWebhookRelay(queue: TokenopsQueue, everyMs = RELAY_EVERY_MS) {
  return Promise.all([
    schedulePeriodic(queue, 'webhook-relay', everyMs),
    schedulePeriodic(queue, 'webhook-purge', PURGE_EVERY_MS),
  ]);
}

export function webhookJobs(ctx: WebhookContext): JobHandlers {
  const { deliveries, queue } = ctx;
  const channel: WebhookChannel = { ...ctx, retries: ctx.retries ?? DELIVERY_RETRIES };
  const { attempts, firstDelayMs } = channel.retries;
  const queueDelivery = (deliveryId: string) =>
    enqueue(
      queue,
      'webhook-deliver',
      { deliveryId },
      { jobId: deliveryId, attempts, backoff: { type: 'exponential', delay: firstDelayMs } },
    );

  return {
    'webhook-relay': async () => {
      while ((await deliveries.relay(RELAY_BATCH)) === RELAY_BATCH);
      for (const id of await deliveries.takeHeads(1_000, QUEUED_DUE_MS)) await queueDelivery(id);
    },

    'webhook-purge': () => deliveries.purge(),

    'webhook-deliver': async (job) => {
      const attempted = await attemptDelivery(channel, job.data.deliveryId, job.attemptsMade);
      if ('retry' in attempted) throw new Error(`webhook delivery failed: ${attempted.retry}`); // BullMQ retries it after its backoff
      if (attempted.next) await queueDelivery(attempted.next);
      return attempted.result;
    },
  };
}
